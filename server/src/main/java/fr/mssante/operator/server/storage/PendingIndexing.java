package fr.mssante.operator.server.storage;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

import javax.inject.Inject;

import org.apache.james.events.Event;
import org.apache.james.events.EventDeadLetters;
import org.apache.james.events.Group;
import org.apache.james.events.RetryBackoffConfiguration;
import org.apache.james.mailbox.model.MailboxId;
import org.apache.james.metrics.api.GaugeRegistry;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import reactor.core.publisher.Mono;
import reactor.util.retry.Retry;

/**
 * Search index writes that run after the delivery that caused them has returned. James holds a mailbox's write lock
 * while an appended message's events are dispatched, so an index written by the event listener is written one
 * message at a time per mailbox; written here, deliveries into one mailbox index side by side.
 * <p>
 * Nothing sees the index late: a search, and any later index change of a mailbox, first waits for that mailbox's
 * writes still running ({@link #whenIdle}). When {@value #QUEUED_PER_THREAD} writes per thread are queued, or the
 * messages waiting reach {@value #MAX_BYTES} bytes, the next write runs on the caller's thread, as before, so that a
 * burst cannot pile messages up in memory. A write that still fails after
 * the event bus's retries goes to the event dead letters, as a failed listener's event would, for WebAdmin's redelivery.
 * The number of writes not yet ended is the gauge {@value #GAUGE}.
 */
public class PendingIndexing {
    public static final String GAUGE = "mssanteSearchIndexPendingWrites";
    private static final int QUEUED_PER_THREAD = 64;
    private static final long MAX_BYTES = 64L * 1024 * 1024;
    private static final Logger LOGGER = LoggerFactory.getLogger(PendingIndexing.class);

    private final ConcurrentHashMap<MailboxId, Set<CompletableFuture<Void>>> byMailbox = new ConcurrentHashMap<>();
    private final AtomicInteger inFlight = new AtomicInteger();
    private final AtomicLong bytesInFlight = new AtomicLong();
    private final ThreadPoolExecutor executor;
    private final EventDeadLetters deadLetters;
    private final RetryBackoffConfiguration retry;

    @Inject
    public PendingIndexing(EventDeadLetters deadLetters, RetryBackoffConfiguration retry, GaugeRegistry gauges) {
        this(Runtime.getRuntime().availableProcessors(), deadLetters, retry, gauges);
    }

    PendingIndexing(int threads, EventDeadLetters deadLetters, RetryBackoffConfiguration retry, GaugeRegistry gauges) {
        this.deadLetters = deadLetters;
        this.retry = retry;
        AtomicInteger count = new AtomicInteger();
        this.executor = new ThreadPoolExecutor(threads, threads, 60, TimeUnit.SECONDS,
            new ArrayBlockingQueue<>(threads * QUEUED_PER_THREAD),
            runnable -> {
                Thread thread = new Thread(runnable, "search-index-write-" + count.incrementAndGet());
                thread.setDaemon(true);
                return thread;
            },
            // Also after shutdown: a write is never dropped, it runs late on the caller's thread instead.
            (write, pool) -> write.run());
        executor.allowCoreThreadTimeOut(true);
        gauges.register(GAUGE, inFlight::get);
    }

    /**
     * Runs {@code write}, which holds {@code bytes} of messages, in the background, counted as pending for the mailbox.
     * If it still fails after the retries, {@code cause} is stored in the dead letters of {@code listener}.
     */
    void submit(MailboxId mailboxId, Group listener, Event cause, long bytes, Mono<Void> write) {
        CompletableFuture<Void> done = new CompletableFuture<>();
        inFlight.incrementAndGet();
        boolean overBudget = bytesInFlight.addAndGet(bytes) > MAX_BYTES;
        byMailbox.compute(mailboxId, (id, pending) -> {
            Set<CompletableFuture<Void>> set = pending == null ? new HashSet<>() : pending;
            set.add(done);
            return set;
        });
        Mono<Void> guarded = write
            .retryWhen(Retry.backoff(retry.getMaxRetries(), retry.getFirstBackoff()).jitter(retry.getJitterFactor()))
            .onErrorResume(e -> {
                LOGGER.error("search index: {} of mailbox {} not indexed after {} retries ({}); the event is kept in"
                        + " the dead letters of {} for redelivery (WebAdmin /events/deadLetter)",
                    cause.getClass().getSimpleName(), mailboxId.serialize(), retry.getMaxRetries(), e.toString(),
                    listener.asString(), e);
                return deadLetters.store(listener, cause).then();
            })
            .doFinally(signal -> finish(mailboxId, bytes, done));
        Runnable run = () -> guarded.subscribe(null,
            e -> LOGGER.error("search index: the event of mailbox {} could not even be kept in the dead letters ({});"
                + " a re-indexing of the mailbox repairs it", mailboxId.serialize(), e.toString(), e));
        if (overBudget) {
            run.run();
            return;
        }
        try {
            executor.execute(run);
        } catch (RuntimeException e) {
            finish(mailboxId, bytes, done);
            throw e;
        }
    }

    /** Completes once every write submitted so far for these mailboxes has ended. */
    Mono<Void> whenIdle(Collection<MailboxId> mailboxIds) {
        List<CompletableFuture<Void>> pending = new ArrayList<>();
        mailboxIds.forEach(mailboxId -> byMailbox.computeIfPresent(mailboxId, (id, set) -> {
            pending.addAll(set);
            return set;
        }));
        if (pending.isEmpty()) {
            return Mono.empty();
        }
        return Mono.fromFuture(CompletableFuture.allOf(pending.toArray(CompletableFuture[]::new)));
    }

    /** Waits at most {@code timeout} for every write submitted so far; false when some were still running. */
    boolean awaitAll(Duration timeout) {
        try {
            whenIdle(List.copyOf(byMailbox.keySet())).toFuture().get(timeout.toMillis(), TimeUnit.MILLISECONDS);
            return true;
        } catch (TimeoutException | ExecutionException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    /** Writes submitted and not yet ended, all mailboxes together. */
    int pending() {
        return inFlight.get();
    }

    void shutdown() {
        executor.shutdown();
    }

    private void finish(MailboxId mailboxId, long bytes, CompletableFuture<Void> done) {
        byMailbox.computeIfPresent(mailboxId, (id, set) -> {
            set.remove(done);
            return set.isEmpty() ? null : set;
        });
        inFlight.decrementAndGet();
        bytesInFlight.addAndGet(-bytes);
        done.complete(null);
    }
}
