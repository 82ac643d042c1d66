package fr.mssante.operator.directory.mirror;

import com.unboundid.ldap.sdk.AddRequest;
import com.unboundid.ldap.sdk.DN;
import com.unboundid.ldap.sdk.Entry;
import com.unboundid.ldap.sdk.Filter;
import com.unboundid.ldap.sdk.LDAPConnectionPool;
import com.unboundid.ldap.sdk.LDAPException;
import com.unboundid.ldap.sdk.Modification;
import com.unboundid.ldap.sdk.ModificationType;
import com.unboundid.ldap.sdk.ModifyRequest;
import com.unboundid.ldap.sdk.SearchResultEntry;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import static fr.mssante.operator.directory.mirror.MirrorAttributes.*;

/**
 * Writes source records into the mirror, touching an entry only when its content changed (a content hash is
 * kept on each entry), so that modifyTimestamp moves only for real changes and incremental syncs stay small.
 * One producer thread calls {@link #upsert}; the LDAP writes are pipelined over a few pooled connections
 * ({@link PipelinedWrites}).
 */
public final class MirrorWriter implements MirrorSink, AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(MirrorWriter.class);
    private static final String[] KNOWN_ATTRIBUTES = {CONTENT_HASH, PUBLICATION_STATUS, LISTE_ROUGE};
    /** Writes in flight per connection: enough to hide the round trip, far below slapd's pending-operation cap. */
    static final int WINDOW_PER_CONNECTION = 64;
    /** A safety net only: each write already fails on the connection's own response timeout. */
    private static final long FLUSH_TIMEOUT_MILLIS = 15 * 60_000;

    public enum Kind {
        MAILBOX(ADDRESS, MAILBOX_MANAGED), PROFESSIONAL(PROFESSIONAL_ID, PROFESSIONAL_MANAGED),
        STRUCTURE(STRUCTURE_ID, STRUCTURE_MANAGED);

        final String rdnAttribute;
        final List<String> managed;

        Kind(String rdnAttribute, List<String> managed) {
            this.rdnAttribute = rdnAttribute;
            this.managed = managed;
        }
    }

    public enum Outcome { ADDED, UPDATED, UNCHANGED, DUPLICATE }

    /** A write the mirror refused; {@code origin} says which source record (e.g. "line 12"). */
    public record WriteFailure(String origin, String dn, String message) {
    }

    /** What the writer knows of an existing entry: its content hash and whether this load saw it. */
    private static final class Known {
        long hash;
        boolean seen;
        boolean withdrawn;
        boolean listeRouge;
    }

    private final LDAPConnectionPool pool;
    private final MirrorLayout layout;
    private final int prefetchPageSize;
    private final PipelinedWrites writes;
    private final Map<Kind, Map<String, Known>> known = new EnumMap<>(Kind.class);
    private final ContentHash contentHash = new ContentHash();
    private boolean prefetched;

    /**
     * {@code writerConnections}: connections the writes are spread over, each with up to
     * {@value #WINDOW_PER_CONNECTION} writes in flight; {@code prefetchPageSize}: paged results size for
     * {@link #prefetch()}, 0 for one unpaged streamed search.
     */
    public MirrorWriter(LDAPConnectionPool pool, MirrorLayout layout, int writerConnections, int prefetchPageSize) {
        this.pool = pool;
        this.prefetchPageSize = prefetchPageSize;
        this.layout = layout;
        this.writes = new PipelinedWrites(pool, writerConnections, writerConnections * WINDOW_PER_CONNECTION,
                FLUSH_TIMEOUT_MILLIS);
        for (Kind kind : Kind.values()) {
            known.put(kind, new HashMap<>());
        }
    }

    /** Creates the base entry and the three containers when missing (a fresh OpenLDAP database holds nothing). */
    public void ensureSkeleton() throws LDAPException {
        for (Entry entry : layout.skeleton()) {
            if (pool.getEntry(entry.getDN(), "1.1") == null) {
                pool.add(entry);
                LOG.info("created {}", entry.getDN());
            }
        }
    }

    /** Reads the content hash of every entry once (one paged search per container), for full loads. */
    public void prefetch() throws LDAPException {
        prefetch(Kind.MAILBOX, layout.mailboxes());
        prefetch(Kind.PROFESSIONAL, layout.professionals());
        prefetch(Kind.STRUCTURE, layout.structures());
        prefetched = true;
        LOG.info("mirror holds {} mailboxes, {} professionals, {} structures", known.get(Kind.MAILBOX).size(),
                known.get(Kind.PROFESSIONAL).size(), known.get(Kind.STRUCTURE).size());
    }

    private void prefetch(Kind kind, DN container) throws LDAPException {
        Map<String, Known> map = known.get(kind);
        StreamingSearch.run(pool, container.toString(), Filter.createPresenceFilter(kind.rdnAttribute), prefetchPageSize,
                entry -> map.put(key(entry.getAttributeValue(kind.rdnAttribute)), knownOf(entry)),
                kind.rdnAttribute, CONTENT_HASH, PUBLICATION_STATUS, LISTE_ROUGE);
    }

    @Override
    public Outcome upsert(Kind kind, Entry desired, String origin) throws LDAPException {
        writes.failIfBroken();
        String key = key(desired.getAttributeValue(kind.rdnAttribute));
        Known current = lookup(kind, key, desired.getParsedDN());
        if (current != null && current.seen) {
            return Outcome.DUPLICATE;
        }
        long hash = contentHash.of(desired);
        if (current == null) {
            Known added = new Known();
            added.seen = true;
            added.hash = hash;
            added.listeRouge = Boolean.TRUE.equals(desired.getAttributeValueAsBoolean(LISTE_ROUGE));
            known.get(kind).put(key, added);
            Entry toAdd = desired.duplicate();
            toAdd.setAttribute(CONTENT_HASH, ContentHash.hex(hash));
            writes.add(new AddRequest(toAdd), origin);
            return Outcome.ADDED;
        }
        current.seen = true;
        if (current.hash == hash) {
            return Outcome.UNCHANGED;
        }
        current.hash = hash;
        current.withdrawn = WITHDRAWN.equalsIgnoreCase(desired.getAttributeValue(PUBLICATION_STATUS));
        current.listeRouge = Boolean.TRUE.equals(desired.getAttributeValueAsBoolean(LISTE_ROUGE));
        List<Modification> modifications = new ArrayList<>();
        for (String attribute : kind.managed) {
            String[] values = desired.hasAttribute(attribute) ? desired.getAttributeValues(attribute) : new String[0];
            modifications.add(new Modification(ModificationType.REPLACE, attribute, values));
        }
        modifications.add(new Modification(ModificationType.REPLACE, CONTENT_HASH, ContentHash.hex(hash)));
        writes.modify(new ModifyRequest(desired.getDN(), modifications), origin);
        return Outcome.UPDATED;
    }

    @Override
    public void markSeen(Kind kind, String rdnValue) {
        Known current = known.get(kind).get(key(rdnValue));
        if (current != null) {
            current.seen = true;
        }
    }

    /** Mailboxes currently published in the mirror (prefetched plus those this load added). */
    public long publishedMailboxes() {
        return known.get(Kind.MAILBOX).values().stream().filter(k -> !k.withdrawn).count();
    }

    /** Published, not red-listed mailboxes this load has not seen: what {@link #withdrawUnseenMailboxes} would withdraw. */
    public long unseenPublishedMailboxes() {
        return known.get(Kind.MAILBOX).values().stream().filter(k -> !k.seen && !k.withdrawn && !k.listeRouge).count();
    }

    /**
     * After a complete full load: mailboxes the source no longer lists become {@code withdrawn} (never deleted).
     * Red-listed mailboxes are kept: the public extraction cannot show them. Returns how many were withdrawn.
     */
    public int withdrawUnseenMailboxes() throws LDAPException {
        if (!prefetched) {
            throw new IllegalStateException("withdrawal needs a prefetched (full) load");
        }
        int withdrawn = 0;
        for (Map.Entry<String, Known> e : known.get(Kind.MAILBOX).entrySet()) {
            Known k = e.getValue();
            if (!k.seen && !k.withdrawn && !k.listeRouge) {
                withdraw(layout.mailboxDn(e.getKey()).toString(), "withdrawal");
                k.withdrawn = true;
                withdrawn++;
            }
        }
        return withdrawn;
    }

    /** Withdraws one mailbox (FHIR: a resource no longer carries it). */
    public void withdraw(String dn, String origin) throws LDAPException {
        writes.modify(new ModifyRequest(dn,
                new Modification(ModificationType.REPLACE, PUBLICATION_STATUS, WITHDRAWN),
                // Dropping the hash makes a later re-publication with the same content count as a change.
                new Modification(ModificationType.REPLACE, CONTENT_HASH)), origin);
    }

    /** Waits for every queued write; throws if the mirror became unreachable. */
    public void flush() throws LDAPException {
        writes.flush();
    }

    public List<WriteFailure> drainFailures() {
        return writes.drainFailures();
    }

    @Override
    public void close() {
        writes.close();
    }

    private Known lookup(Kind kind, String key, DN dn) throws LDAPException {
        Known current = known.get(kind).get(key);
        if (current != null || prefetched || dn == null) {
            return current;
        }
        SearchResultEntry entry = pool.getEntry(dn.toString(), KNOWN_ATTRIBUTES);
        if (entry == null) {
            return null;
        }
        Known k = knownOf(entry);
        known.get(kind).put(key, k);
        return k;
    }

    private static Known knownOf(Entry entry) {
        Known k = new Known();
        k.hash = ContentHash.parse(entry.getAttributeValue(CONTENT_HASH));
        k.withdrawn = WITHDRAWN.equalsIgnoreCase(entry.getAttributeValue(PUBLICATION_STATUS));
        k.listeRouge = Boolean.TRUE.equals(entry.getAttributeValueAsBoolean(LISTE_ROUGE));
        return k;
    }

    private static String key(String value) {
        return value == null ? "" : value.toLowerCase(Locale.ROOT);
    }
}
