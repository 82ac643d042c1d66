package fr.mssante.operator.directory.mirror;

import com.unboundid.ldap.sdk.Filter;
import com.unboundid.ldap.sdk.LDAPException;
import com.unboundid.ldap.sdk.LDAPInterface;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.function.Consumer;

/** Streams the mirror's mailboxes of some domains (see {@link StreamingSearch} for paging). */
public final class MirrorReader {
    private static final Logger LOG = LoggerFactory.getLogger(MirrorReader.class);

    private final LDAPInterface ldap;
    private final MirrorLayout layout;
    private final int pageSize;

    public MirrorReader(LDAPInterface ldap, MirrorLayout layout, int pageSize) {
        this.ldap = ldap;
        this.layout = layout;
        this.pageSize = pageSize;
    }

    /**
     * Calls {@code sink} for every mailbox of {@code domains}, or only those modified at or after
     * {@code sinceMarker} (a generalized time) when it is not null. Returns the number of entries read.
     */
    public long forEachMailbox(Collection<String> domains, String sinceMarker, Consumer<DirectoryMailbox> sink)
            throws LDAPException {
        long count = 0;
        // One search per domain: a plain equality on the indexed mssDomain lets the server pick candidates by index.
        for (String domain : domains) {
            count += forEachMailbox(filter(domain, sinceMarker), sink);
        }
        return count;
    }

    private long forEachMailbox(Filter filter, Consumer<DirectoryMailbox> sink) throws LDAPException {
        long[] count = {0};
        StreamingSearch.run(ldap, layout.mailboxes().toString(), filter, pageSize, entry -> {
            DirectoryMailbox mailbox = MailboxEntryMapper.toMailbox(entry);
            if (mailbox != null) {
                sink.accept(mailbox);
                count[0]++;
            } else {
                LOG.warn("skipping mirror entry {}: no valid address or type", entry.getDN());
            }
        }, "*", MirrorAttributes.MODIFY_TIMESTAMP, MirrorAttributes.CREATE_TIMESTAMP);
        return count[0];
    }

    static Filter filter(String domain, String sinceMarker) {
        List<Filter> all = new ArrayList<>();
        all.add(Filter.createEqualityFilter(MirrorAttributes.DOMAIN, domain.toLowerCase(Locale.ROOT)));
        all.add(Filter.createEqualityFilter("objectClass", MirrorAttributes.MAILBOX_CLASS));
        if (sinceMarker != null) {
            all.add(Filter.createGreaterOrEqualFilter(MirrorAttributes.MODIFY_TIMESTAMP, sinceMarker));
        }
        return Filter.createANDFilter(all);
    }
}
