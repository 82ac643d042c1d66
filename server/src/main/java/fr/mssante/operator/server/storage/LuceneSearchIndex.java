package fr.mssante.operator.server.storage;

import java.io.IOException;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import javax.inject.Inject;

import org.apache.james.core.Username;
import org.apache.james.events.Event;
import org.apache.james.lifecycle.api.Startable;
import org.apache.james.mailbox.MailboxSession;
import org.apache.james.mailbox.MessageUid;
import org.apache.james.mailbox.SessionProvider;
import org.apache.james.mailbox.events.MailboxEvents.Added;
import org.apache.james.mailbox.exception.MailboxException;
import org.apache.james.mailbox.lucene.search.LuceneMessageSearchIndex;
import org.apache.james.mailbox.model.Mailbox;
import org.apache.james.mailbox.model.MailboxId;
import org.apache.james.mailbox.model.MessageId;
import org.apache.james.mailbox.model.MessageRange;
import org.apache.james.mailbox.model.SearchQuery;
import org.apache.james.mailbox.model.UpdatedFlags;
import org.apache.james.mailbox.store.MailboxSessionMapperFactory;
import org.apache.james.mailbox.store.mail.model.MailboxMessage;
import org.apache.lucene.analysis.Analyzer;
import org.apache.lucene.index.IndexReader;
import org.apache.lucene.store.Directory;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * James's Lucene index (lenient analysis, index kept at start), made durable and cheaper per delivery.
 * <p>
 * Durable: James commits the index only when it closes, so a SIGKILL loses every index change of the run and
 * searches then silently miss mail the database holds. Here the index is committed every few seconds
 * ({@link SearchIndexSettings}) and marks a clean stop ({@link LastStop}); without that mark at start, {@link SearchIndexRecovery}
 * checks every mailbox against the database in the background once the server has started (and first any mailbox
 * searched before the check reaches it). While it runs and for a minute after, each message's documents are written
 * under its lock and adding a message replaces its documents, so that a message indexed by the recovery and by live
 * traffic is indexed once, with the database's latest flags.
 * <p>
 * Cheaper: an analyzer that reuses its token chain, appended messages indexed from {@link RecentAppends} instead
 * of being read back from the database, and flag changes written in one pass ({@link FlagsDocuments}). Copies, moves
 * and anything not found there are read back as James does.
 */
public class LuceneSearchIndex extends LuceneMessageSearchIndex implements Startable {
    private static final Logger LOGGER = LoggerFactory.getLogger(LuceneSearchIndex.class);
    private static final boolean DROP_INDEX_ON_START = false;
    private static final boolean LENIENT = true;

    private final SessionProvider sessionProvider;
    private final RecentAppends recentAppends;
    private final Directory directory;
    private final long commitSeconds;
    private final LastStop lastStop;
    private final Optional<SearchIndexRecovery> recovery;
    private final MessageLocks messageLocks = new MessageLocks();
    private final FlagsDocuments flagsDocuments;
    private volatile Thread recoveryThread;
    private final ScheduledExecutorService background = Executors.newScheduledThreadPool(1, runnable -> {
        Thread thread = new Thread(runnable, "search-index");
        thread.setDaemon(true);
        return thread;
    });

    @Inject
    public LuceneSearchIndex(MailboxSessionMapperFactory factory, MailboxId.Factory mailboxIdFactory, SearchIndexFolder folder,
                             MessageId.Factory messageIdFactory, SessionProvider sessionProvider,
                             RecentAppends recentAppends, SearchIndexSettings settings, LastStop lastStop) throws IOException {
        super(factory, mailboxIdFactory, folder.directory(), DROP_INDEX_ON_START, LENIENT, messageIdFactory, sessionProvider);
        this.sessionProvider = sessionProvider;
        this.recentAppends = recentAppends;
        this.directory = folder.directory();
        this.commitSeconds = settings.commitSeconds();
        this.lastStop = lastStop;
        this.flagsDocuments = FlagsDocuments.of(this);
        Optional<String> reason = folder.rebuildReason()
            .or(() -> lastStop.wasClean() ? Optional.empty()
                : Optional.of("no clean-stop mark (the last run was killed, or this is the first start)"));
        this.recovery = reason.map(why -> {
            Username recoverer = Username.of("mssante-search-index-recovery");
            SearchIndexReconciler reconciler = new SearchIndexReconciler(factory, this,
                () -> sessionProvider.createSystemSession(recoverer), mailboxIdFactory, messageLocks);
            return new SearchIndexRecovery(reconciler, this::openSnapshot, reconciler.mailboxes(), why);
        });
    }

    /** Starts the periodic commit. */
    public void start() {
        background.scheduleWithFixedDelay(this::commitQuietly, commitSeconds, commitSeconds, TimeUnit.SECONDS);
    }

    /**
     * After an unclean stop, checks every mailbox on a thread of its own, while mail is delivered: on a large server the
     * check reads every message's metadata, which would otherwise hold delivery back for minutes.
     */
    public void recoverInBackground() {
        recovery.ifPresent(pass -> {
            Thread thread = new Thread(() -> {
                try {
                    pass.run();
                } catch (RuntimeException e) {
                    LOGGER.error("search index recovery failed ({}): unchecked mailboxes are checked at their next search"
                        + " and at the next start", e.toString(), e);
                }
            }, "search-index-recovery");
            thread.setDaemon(true);
            recoveryThread = thread;
            thread.start();
        });
    }

    @Override
    protected Analyzer createAnalyzer(boolean lenient) {
        // Called by the parent's constructor: uses no field of this class.
        return lenient ? new ReusableLenientAnalyzer() : super.createAnalyzer(false);
    }

    @Override
    public Mono<Void> reactiveEvent(Event event) {
        if (event instanceof Added added) {
            Optional<List<RecentAppends.Appended>> appended = recentAppends.takeAll(added.getMailboxId(), added.getUids());
            if (appended.isPresent()) {
                MailboxSession session = sessionProvider.createSystemSession(event.getUsername());
                return Flux.fromIterable(appended.get())
                    .concatMap(message -> add(session, message.mailbox(), message.message()))
                    .then();
            }
        }
        return super.reactiveEvent(event);
    }

    // Messages are indexed with their header fields decoded (SearchableHeaders): James indexes encoded-words as such.
    // While the recovery may write the same documents, each message's are written under its lock, and adding a
    // message replaces its documents (the recovery may have indexed it already).

    @Override
    public Mono<Void> add(MailboxSession session, Mailbox mailbox, MailboxMessage stored) {
        MailboxMessage message = new SearchableMessage(stored);
        if (!mayOverlapRecovery()) {
            return super.add(session, mailbox, message);
        }
        MailboxId mailboxId = mailbox.getMailboxId();
        MessageUid uid = message.getUid();
        return Mono.fromRunnable(() -> messageLocks.holding(mailboxId, uid, () -> {
            deleteQuietly(mailboxId, uid);
            return super.add(session, mailbox, message).block();
        }));
    }

    @Override
    public Mono<Void> delete(MailboxSession session, MailboxId mailboxId, Collection<MessageUid> expungedUids) {
        if (!mayOverlapRecovery()) {
            return super.delete(session, mailboxId, expungedUids);
        }
        return Flux.fromIterable(expungedUids)
            .concatMap(uid -> Mono.fromRunnable(() -> messageLocks.holding(mailboxId, uid,
                () -> super.delete(session, mailboxId, List.of(uid)).block())))
            .then();
    }

    /** Flag changes, however many, are written with one reader ({@link FlagsDocuments}), not one per message. */
    @Override
    public Mono<Void> update(MailboxSession session, MailboxId mailboxId, List<UpdatedFlags> updatedFlagsList) {
        if (!mayOverlapRecovery()) {
            return Mono.fromRunnable(() -> flagsDocuments.update(mailboxId, updatedFlagsList));
        }
        return Flux.fromIterable(updatedFlagsList)
            .concatMap(flags -> Mono.fromRunnable(() -> messageLocks.holding(mailboxId, flags.getUid(), () -> {
                flagsDocuments.update(mailboxId, List.of(flags));
                return null;
            })))
            .then();
    }

    private boolean mayOverlapRecovery() {
        return recovery.map(SearchIndexRecovery::mayOverlapLiveIndexing).orElse(false);
    }

    @Override
    public Flux<MessageUid> doSearch(MailboxSession session, Mailbox mailbox, SearchQuery searchQuery) throws MailboxException {
        if (recovery.isPresent()) {
            recovery.get().ensureChecked(List.of(mailbox.getMailboxId()));
        }
        return super.doSearch(session, mailbox, searchQuery);
    }

    @Override
    public Flux<MessageId> search(MailboxSession session, Collection<MailboxId> mailboxIds, SearchQuery searchQuery,
                                  long limit) throws MailboxException {
        if (recovery.isPresent()) {
            recovery.get().ensureChecked(mailboxIds);
        }
        return super.search(session, mailboxIds, searchQuery, limit);
    }

    /** Stops a recovery pass still running, commits, then writes the clean-stop mark unless that pass was unfinished. */
    @Override
    public void close() throws IOException {
        stopRecovery();
        background.shutdownNow();
        try {
            background.awaitTermination(30, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        super.close();
        if (recovery.map(SearchIndexRecovery::pending).orElse(false)) {
            LOGGER.warn("search index closed before its recovery finished: it is checked again at the next start");
        } else {
            lastStop.markClean();
        }
    }


    private void stopRecovery() {
        Thread thread = recoveryThread;
        if (thread == null) {
            return;
        }
        recovery.ifPresent(SearchIndexRecovery::stop);
        try {
            thread.join(TimeUnit.SECONDS.toMillis(30));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        if (thread.isAlive()) {
            LOGGER.warn("search index recovery still busy 30 s after it was asked to stop; closing the index anyway");
        }
    }

    private IndexReader openSnapshot() throws IOException {
        commit();
        return IndexReader.open(directory, true);
    }

    private void commitQuietly() {
        try {
            commit();
        } catch (IOException | RuntimeException e) {
            LOGGER.error("search index commit failed ({}): changes stay in memory and are committed at the next"
                + " attempt; after a crash now, the recovery at start repairs them", e.toString());
        }
    }

    private void deleteQuietly(MailboxId mailboxId, MessageUid uid) {
        try {
            delete(mailboxId, MessageRange.one(uid));
        } catch (IOException e) {
            throw new IllegalStateException("could not replace the search documents of message " + uid.asLong()
                + " in mailbox " + mailboxId.serialize(), e);
        }
    }
}
