package fr.mssante.operator.server.storage;

import java.io.IOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CancellationException;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;

import javax.mail.Flags;

import org.apache.james.mailbox.MailboxSession;
import org.apache.james.mailbox.MessageUid;
import org.apache.james.mailbox.exception.MailboxException;
import org.apache.james.mailbox.model.Mailbox;
import org.apache.james.mailbox.model.MailboxId;
import org.apache.james.mailbox.model.MessageRange;
import org.apache.james.mailbox.model.UpdatedFlags;
import org.apache.james.mailbox.store.MailboxSessionMapperFactory;
import org.apache.james.mailbox.store.mail.MessageMapper;
import org.apache.james.mailbox.store.mail.model.MailboxMessage;
import org.apache.james.mailbox.store.search.ListeningMessageSearchIndex;
import org.apache.lucene.document.Document;
import org.apache.lucene.document.MapFieldSelector;
import org.apache.lucene.index.IndexReader;
import org.apache.lucene.index.Term;
import org.apache.lucene.index.TermDocs;
import org.apache.lucene.index.TermEnum;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Makes one mailbox's search documents agree with the database, which is the truth: a message without its two
 * documents (message and flags) is indexed again, documents of a message no longer there are removed, flags that
 * differ are rewritten. The index state is read from a committed snapshot taken <em>before</em> the database is
 * read, so that a change made meanwhile by live traffic is either in both or repaired to the database's newer state;
 * a message is re-read from the database and its documents written under its lock ({@link MessageLocks}), which live
 * indexing takes too, so that the last write to its documents carries the database's last state.
 */
final class SearchIndexReconciler {
    /** Stored field names of James 3.8.1's Lucene documents (private constants there). */
    static final String ID_FIELD = "id";
    static final String UID_FIELD = "uid";
    static final String FLAGS_FIELD = "flags";
    static final String MAILBOX_ID_FIELD = "mailboxid";
    private static final String FLAGS_DOCUMENT_PREFIX = "flags-";
    private static final Logger LOGGER = LoggerFactory.getLogger(SearchIndexReconciler.class);
    private static final int MESSAGES_PER_CONTEXT = 100;
    private static final long PROGRESS_EVERY_NANOS = TimeUnit.SECONDS.toNanos(10);
    private static final MapFieldSelector STORED_KEYS = new MapFieldSelector(ID_FIELD, UID_FIELD, FLAGS_FIELD);

    record Repairs(int reindexed, int removed, int flagsRewritten) {
        static final Repairs NONE = new Repairs(0, 0, 0);

        Repairs plus(Repairs other) {
            return new Repairs(reindexed + other.reindexed, removed + other.removed, flagsRewritten + other.flagsRewritten);
        }

        boolean any() {
            return reindexed + removed + flagsRewritten > 0;
        }
    }

    private final MailboxSessionMapperFactory mappers;
    private final ListeningMessageSearchIndex index;
    private final Supplier<MailboxSession> sessions;
    private final MailboxId.Factory mailboxIds;
    private final MessageLocks locks;

    /**
     * {@code sessions} gives a new system session per call: the recovery pass and searches reconcile concurrently, and
     * a session's mappers hold one JPA entity manager, which is not thread-safe.
     */
    SearchIndexReconciler(MailboxSessionMapperFactory mappers, ListeningMessageSearchIndex index,
                          Supplier<MailboxSession> sessions, MailboxId.Factory mailboxIds, MessageLocks locks) {
        this.mappers = mappers;
        this.index = index;
        this.sessions = sessions;
        this.mailboxIds = mailboxIds;
        this.locks = locks;
    }

    List<Mailbox> mailboxes() {
        MailboxSession session = sessions.get();
        try {
            return mappers.getMailboxMapper(session).list().collectList().block();
        } finally {
            mappers.endProcessingRequest(session);
        }
    }

    /** Removes every document of a mailbox the database no longer has. */
    void removeMailbox(String indexedMailboxId) throws MailboxException {
        index.deleteAll(sessions.get(), mailboxIds.fromString(indexedMailboxId)).block();
    }

    /** Repairs {@code mailbox}; fails with a {@link CancellationException} as soon as {@code stopping} says so. */
    Repairs reconcile(IndexReader snapshot, Mailbox mailbox, BooleanSupplier stopping) throws IOException, MailboxException {
        MailboxSession session = sessions.get();
        try {
            return repair(session, snapshot, mailbox, stopping);
        } finally {
            mappers.endProcessingRequest(session);
        }
    }

    private Repairs repair(MailboxSession session, IndexReader snapshot, Mailbox mailbox, BooleanSupplier stopping)
        throws IOException, MailboxException {
        MailboxId mailboxId = mailbox.getMailboxId();
        Indexed indexed = Indexed.read(snapshot, mailboxId);
        MessageMapper messages = mappers.getMessageMapper(session);

        List<MessageUid> missing = new ArrayList<>();
        List<MessageUid> staleFlags = new ArrayList<>();
        Set<Long> inDatabase = new HashSet<>();
        Iterator<MailboxMessage> stored = messages.findInMailbox(mailbox, MessageRange.all(), MessageMapper.FetchType.METADATA, -1);
        while (stored.hasNext()) {
            MailboxMessage message = stored.next();
            long uid = message.getUid().asLong();
            inDatabase.add(uid);
            Set<String> indexedFlags = indexed.flags.get(uid);
            if (!indexed.messages.contains(uid) || indexedFlags == null) {
                missing.add(message.getUid());
            } else if (!indexedFlags.equals(asIndexed(message.createFlags()))) {
                staleFlags.add(message.getUid());
            }
        }

        List<MessageUid> gone = new ArrayList<>();
        Set<Long> inIndex = new HashSet<>(indexed.messages);
        inIndex.addAll(indexed.flags.keySet());
        inIndex.stream().filter(uid -> !inDatabase.contains(uid)).sorted().forEach(uid -> gone.add(MessageUid.of(uid)));
        if (!gone.isEmpty()) {
            index.delete(session, mailboxId, gone).block();
        }

        int reindexed = 0;
        int rewritten = 0;
        int loaded = 0;
        long lastProgress = System.nanoTime();
        for (MessageUid uid : missing) {
            loaded = freshContext(session, loaded, stopping);
            if (locks.holding(mailboxId, uid, () -> reindex(session, messages, mailbox, uid))) {
                reindexed++;
            }
            if (System.nanoTime() - lastProgress > PROGRESS_EVERY_NANOS) {
                lastProgress = System.nanoTime();
                LOGGER.info("search index recovery: mailbox {} ({}): {}/{} messages indexed again", mailboxId.serialize(),
                    mailbox.generateAssociatedPath().asString(), reindexed, missing.size());
            }
        }
        for (MessageUid uid : staleFlags) {
            loaded = freshContext(session, loaded, stopping);
            if (locks.holding(mailboxId, uid, () -> rewriteFlags(session, messages, mailbox, uid))) {
                rewritten++;
            }
        }
        return new Repairs(reindexed, gone.size(), rewritten);
    }

    private boolean reindex(MailboxSession session, MessageMapper messages, Mailbox mailbox, MessageUid uid) throws MailboxException {
        Iterator<MailboxMessage> full = messages.findInMailbox(mailbox, MessageRange.one(uid), MessageMapper.FetchType.FULL, 1);
        if (!full.hasNext()) {
            return false; // expunged since it was listed: nothing to index
        }
        index.delete(session, mailbox.getMailboxId(), List.of(uid)).block();
        index.add(session, mailbox, full.next()).block();
        return true;
    }

    /** The flags read again under the lock: live traffic may have changed them since the mailbox was listed. */
    private boolean rewriteFlags(MailboxSession session, MessageMapper messages, Mailbox mailbox, MessageUid uid) throws MailboxException {
        Iterator<MailboxMessage> now = messages.findInMailbox(mailbox, MessageRange.one(uid), MessageMapper.FetchType.METADATA, 1);
        if (!now.hasNext()) {
            return false;
        }
        MailboxMessage message = now.next();
        index.update(session, mailbox.getMailboxId(), List.of(UpdatedFlags.builder().uid(uid).modSeq(message.getModSeq())
            .oldFlags(new Flags()).newFlags(message.createFlags()).build())).block();
        return true;
    }

    /**
     * A new persistence context before the first message and then every {@link #MESSAGES_PER_CONTEXT}: each message is
     * thus loaded once, under its lock, as the database has it then (the listing's context would hand back the flags
     * it read before the lock), and the bodies loaded to index them do not pile up in memory.
     */
    private int freshContext(MailboxSession session, int loaded, BooleanSupplier stopping) {
        if (stopping.getAsBoolean()) {
            throw new CancellationException("the server is stopping");
        }
        if (loaded % MESSAGES_PER_CONTEXT == 0) {
            mappers.endProcessingRequest(session);
        }
        return loaded + 1;
    }

    /** Mailbox ids the snapshot holds documents for. */
    static Set<String> indexedMailboxIds(IndexReader snapshot) throws IOException {
        Set<String> ids = new HashSet<>();
        try (TermEnum terms = snapshot.terms(new Term(MAILBOX_ID_FIELD, ""))) {
            do {
                Term term = terms.term();
                if (term == null || !term.field().equals(MAILBOX_ID_FIELD)) {
                    break;
                }
                if (terms.docFreq() > 0) {
                    ids.add(term.text());
                }
            } while (terms.next());
        }
        return ids;
    }

    /** James indexes \Seen as "\FLAG" and the other system flags by their upper-case names. */
    static Set<String> asIndexed(Flags flags) {
        Set<String> names = new HashSet<>();
        for (Flags.Flag flag : flags.getSystemFlags()) {
            names.add(systemFlagName(flag));
        }
        names.addAll(List.of(flags.getUserFlags()));
        return names;
    }

    private static String systemFlagName(Flags.Flag flag) {
        if (flag == Flags.Flag.ANSWERED) {
            return "\\ANSWERED";
        } else if (flag == Flags.Flag.DELETED) {
            return "\\DELETED";
        } else if (flag == Flags.Flag.DRAFT) {
            return "\\DRAFT";
        } else if (flag == Flags.Flag.FLAGGED) {
            return "\\FLAGGED";
        } else if (flag == Flags.Flag.RECENT) {
            return "\\RECENT";
        } else if (flag == Flags.Flag.SEEN) {
            return "\\FLAG";
        }
        return flag.toString();
    }

    /** The message documents and the flags documents one mailbox has in a snapshot, by UID. */
    private record Indexed(Set<Long> messages, Map<Long, Set<String>> flags) {
        static Indexed read(IndexReader snapshot, MailboxId mailboxId) throws IOException {
            Indexed indexed = new Indexed(new HashSet<>(), new HashMap<>());
            String id = mailboxId.serialize();
            // James writes the message document's mailbox id in upper case, the flags document's as it is.
            indexed.collect(snapshot, id);
            if (!id.toUpperCase(java.util.Locale.US).equals(id)) {
                indexed.collect(snapshot, id.toUpperCase(java.util.Locale.US));
            }
            return indexed;
        }

        private void collect(IndexReader snapshot, String mailboxTerm) throws IOException {
            try (TermDocs docs = snapshot.termDocs(new Term(MAILBOX_ID_FIELD, mailboxTerm))) {
                while (docs.next()) {
                    Document document = snapshot.document(docs.doc(), STORED_KEYS);
                    String uidField = document.get(UID_FIELD);
                    String documentId = document.get(ID_FIELD);
                    if (uidField == null || documentId == null) {
                        continue;
                    }
                    long uid = Long.parseLong(uidField);
                    if (documentId.startsWith(FLAGS_DOCUMENT_PREFIX)) {
                        flags.put(uid, new HashSet<>(List.of(document.getValues(FLAGS_FIELD))));
                    } else {
                        messages.add(uid);
                    }
                }
            }
        }
    }
}
