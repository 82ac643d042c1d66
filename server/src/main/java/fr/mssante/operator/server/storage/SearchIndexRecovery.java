package fr.mssante.operator.server.storage;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Lock;
import java.util.function.Supplier;
import java.util.stream.Collectors;

import org.apache.james.mailbox.exception.MailboxException;
import org.apache.james.mailbox.model.Mailbox;
import org.apache.james.mailbox.model.MailboxId;
import org.apache.lucene.index.IndexReader;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import com.google.common.util.concurrent.Striped;

/**
 * Checks every mailbox's search documents against the database after a run that did not stop cleanly, in one pass
 * with progress in the log, in the background: mail is delivered and IMAP served meanwhile. A search on a mailbox the
 * pass has not reached yet checks that mailbox first, so search results never miss mail that the database holds;
 * the pass and live traffic write a message's documents one at a time ({@link MessageLocks}).
 */
final class SearchIndexRecovery {
    private static final Logger LOGGER = LoggerFactory.getLogger(SearchIndexRecovery.class);
    private static final int MAILBOXES_PER_SNAPSHOT = 200;
    private static final long PROGRESS_EVERY_NANOS = TimeUnit.SECONDS.toNanos(10);
    private static final long LIVE_EVENTS_SETTLED_NANOS = TimeUnit.MINUTES.toNanos(1);

    /** A committed, read-only view of the index, taken before the database is read. */
    interface Snapshots {
        IndexReader open() throws IOException;
    }

    private final Map<MailboxId, Mailbox> unchecked = new ConcurrentHashMap<>();
    private final Striped<Lock> locks = Striped.lock(64);
    private final SearchIndexReconciler reconciler;
    private final Snapshots snapshots;
    private final String reason;
    private volatile SearchIndexReconciler.Repairs repairs = SearchIndexReconciler.Repairs.NONE;
    private volatile long finishedAt;
    private volatile boolean stopping;

    SearchIndexRecovery(SearchIndexReconciler reconciler, Snapshots snapshots, Collection<Mailbox> mailboxes, String reason) {
        this.reconciler = reconciler;
        this.reason = reason;
        this.snapshots = snapshots;
        mailboxes.forEach(mailbox -> unchecked.put(mailbox.getMailboxId(), mailbox));
        this.finishedAt = System.nanoTime() - LIVE_EVENTS_SETTLED_NANOS;
    }

    boolean pending() {
        return !unchecked.isEmpty();
    }

    /**
     * Whether live traffic may index a message the recovery has indexed too: while mailboxes are left to check, and
     * for a while after, since the event of a message committed before its mailbox was checked may come later.
     */
    boolean mayOverlapLiveIndexing() {
        return pending() || System.nanoTime() - finishedAt < LIVE_EVENTS_SETTLED_NANOS;
    }

    /** Asks the pass to stop at the next message; what it has not checked is checked at the next start. */
    void stop() {
        stopping = true;
    }

    boolean stopping() {
        return stopping;
    }

    /** Checks those of {@code mailboxIds} not checked yet; fails with the cause when one cannot be checked. */
    void ensureChecked(Collection<MailboxId> mailboxIds) throws MailboxException {
        List<MailboxId> wanted = mailboxIds.stream().filter(unchecked::containsKey).toList();
        if (wanted.isEmpty()) {
            return;
        }
        try (IndexReader snapshot = snapshots.open()) {
            for (MailboxId id : wanted) {
                check(id, () -> snapshot);
            }
        } catch (IOException | RuntimeException e) {
            throw new MailboxException("The search index of " + wanted + " is being checked after an unclean stop"
                + " and this check failed: " + e.getMessage(), e);
        }
    }

    /** The pass: every mailbox once, then the documents of mailboxes deleted meanwhile. */
    void run() {
        long started = System.nanoTime();
        long lastProgress = started;
        int total = unchecked.size();
        if (total == 0) {
            LOGGER.info("search index recovery: {}; no mailbox yet (a first start): nothing to check", reason);
        } else {
            LOGGER.warn("search index recovery: {}; checking {} mailboxes against the database (a search on a mailbox"
                + " not checked yet checks it first)", reason, total);
        }
        List<MailboxId> failed = new ArrayList<>();
        List<MailboxId> order = new ArrayList<>(unchecked.keySet());
        for (int from = 0; from < order.size() && !stopping; from += MAILBOXES_PER_SNAPSHOT) {
            List<MailboxId> batch = order.subList(from, Math.min(order.size(), from + MAILBOXES_PER_SNAPSHOT));
            try (IndexReader snapshot = snapshots.open()) {
                for (MailboxId id : batch) {
                    if (stopping) {
                        break;
                    }
                    try {
                        check(id, () -> snapshot);
                    } catch (IOException | MailboxException | RuntimeException e) {
                        if (stopping) {
                            break;
                        }
                        failed.add(id);
                        LOGGER.error("search index recovery: mailbox {} could not be checked ({}); it is checked again"
                            + " at its next search and at the next start", id.serialize(), e.toString());
                    }
                }
            } catch (IOException e) {
                LOGGER.error("search index recovery stopped: the index could not be read ({}); unchecked mailboxes are"
                    + " checked at their next search and at the next start", e.toString());
                return;
            }
            if (System.nanoTime() - lastProgress > PROGRESS_EVERY_NANOS) {
                lastProgress = System.nanoTime();
                LOGGER.info("search index recovery: {}/{} mailboxes checked, {}", total - unchecked.size(), total, describe(repairs));
            }
        }
        if (stopping) {
            LOGGER.warn("search index recovery stopped by the server's stop with {} mailboxes left; it resumes at the next"
                + " start", unchecked.size());
            return;
        }
        removeDeletedMailboxes();
        finishedAt = System.nanoTime();
        LOGGER.info("search index recovery done in {} s: {}/{} mailboxes checked, {}",
            TimeUnit.NANOSECONDS.toSeconds(System.nanoTime() - started), total - unchecked.size(), total, describe(repairs));
        if (!failed.isEmpty()) {
            LOGGER.error("search index recovery: {} mailboxes could not be checked: {}", failed.size(), failed);
        }
    }

    private void check(MailboxId id, Supplier<IndexReader> snapshot) throws IOException, MailboxException {
        Lock lock = locks.get(id);
        lock.lock();
        try {
            Mailbox mailbox = unchecked.get(id);
            if (mailbox == null) {
                return;
            }
            SearchIndexReconciler.Repairs done = reconciler.reconcile(snapshot.get(), mailbox, this::stopping);
            unchecked.remove(id);
            if (done.any()) {
                LOGGER.info("search index recovery: mailbox {} ({}) repaired: {}", id.serialize(), mailbox.generateAssociatedPath().asString(), describe(done));
            }
            synchronized (this) {
                repairs = repairs.plus(done);
            }
        } finally {
            lock.unlock();
        }
    }

    private void removeDeletedMailboxes() {
        // Snapshot first, database second: a mailbox created in between has no document in the snapshot.
        try (IndexReader snapshot = snapshots.open()) {
            Set<String> inDatabase = reconciler.mailboxes().stream()
                .map(mailbox -> mailbox.getMailboxId().serialize().toUpperCase(Locale.US))
                .collect(Collectors.toSet());
            for (String id : SearchIndexReconciler.indexedMailboxIds(snapshot)) {
                if (!inDatabase.contains(id.toUpperCase(Locale.US))) {
                    reconciler.removeMailbox(id);
                    LOGGER.info("search index recovery: documents of deleted mailbox {} removed", id);
                }
            }
        } catch (IOException | MailboxException | RuntimeException e) {
            LOGGER.error("search index recovery: documents of deleted mailboxes could not be removed ({})", e.toString());
        }
    }

    private static String describe(SearchIndexReconciler.Repairs repairs) {
        return repairs.reindexed() + " messages indexed again, " + repairs.removed() + " removed, "
            + repairs.flagsRewritten() + " flags rewritten";
    }
}
