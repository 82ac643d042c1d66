package fr.mssante.operator.directory.mirror;

import com.unboundid.asn1.ASN1OctetString;
import com.unboundid.ldap.sdk.Filter;
import com.unboundid.ldap.sdk.LDAPConnection;
import com.unboundid.ldap.sdk.LDAPConnectionPool;
import com.unboundid.ldap.sdk.LDAPException;
import com.unboundid.ldap.sdk.LDAPInterface;
import com.unboundid.ldap.sdk.ResultCode;
import com.unboundid.ldap.sdk.SearchRequest;
import com.unboundid.ldap.sdk.SearchResult;
import com.unboundid.ldap.sdk.SearchResultEntry;
import com.unboundid.ldap.sdk.SearchResultListener;
import com.unboundid.ldap.sdk.SearchResultReference;
import com.unboundid.ldap.sdk.SearchScope;
import com.unboundid.ldap.sdk.controls.SimplePagedResultsControl;

import java.util.function.Consumer;

/**
 * A one-level search whose entries are handed over one by one as they arrive (never buffered). With
 * {@code pageSize > 0} it also uses the simple paged results control, which servers with a size limit need
 * (OpenLDAP: 500 by default); {@code 0} runs one unpaged search, which suits the UnboundID in-memory mirror,
 * whose paging re-evaluates the whole search for every page.
 */
final class StreamingSearch {
    private StreamingSearch() {
    }

    static long run(LDAPInterface ldap, String base, Filter filter, int pageSize, Consumer<SearchResultEntry> sink,
                    String... attributes) throws LDAPException {
        if (pageSize > 0 && ldap instanceof LDAPConnectionPool pool) {
            // A paged results cookie is only valid on the connection that issued it (OpenLDAP answers "paged
            // results cookie is invalid" otherwise), and a pool hands out any connection for each call.
            LDAPConnection connection = pool.getConnection();
            try {
                long count = pages(connection, base, filter, pageSize, sink, attributes);
                pool.releaseConnection(connection);
                return count;
            } catch (LDAPException e) {
                pool.releaseConnectionAfterException(connection, e);
                throw e;
            } catch (RuntimeException e) {
                pool.releaseDefunctConnection(connection);
                throw e;
            }
        }
        return pages(ldap, base, filter, pageSize, sink, attributes);
    }

    private static long pages(LDAPInterface ldap, String base, Filter filter, int pageSize,
                              Consumer<SearchResultEntry> sink, String... attributes) throws LDAPException {
        long[] count = {0};
        SearchResultListener listener = new SearchResultListener() {
            @Override
            public void searchEntryReturned(SearchResultEntry entry) {
                count[0]++;
                sink.accept(entry);
            }

            @Override
            public void searchReferenceReturned(SearchResultReference reference) {
                // The mirror holds no referrals.
            }
        };
        ASN1OctetString cookie = null;
        do {
            SearchRequest request = new SearchRequest(listener, base, SearchScope.ONE, filter, attributes);
            if (pageSize > 0) {
                request.setControls(new SimplePagedResultsControl(pageSize, cookie));
            }
            SearchResult result = ldap.search(request);
            if (result.getResultCode() != ResultCode.SUCCESS) {
                throw new LDAPException(result);
            }
            SimplePagedResultsControl response = pageSize > 0 ? SimplePagedResultsControl.get(result) : null;
            cookie = response == null ? null : response.getCookie();
        } while (cookie != null && cookie.getValueLength() > 0);
        return count[0];
    }
}
