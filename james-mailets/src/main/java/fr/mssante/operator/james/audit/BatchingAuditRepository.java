package fr.mssante.operator.james.audit;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps database writes off the SMTP threads: {@link #append} only queues the event; one writer thread stores
 * the queue in batches (one transaction per batch). {@link #close} stops taking events into the queue, writes
 * everything queued, then later appends are written synchronously: nothing is lost on a clean stop.
 * The writer lingers {@value #LINGER_MILLIS} ms after the first event so that one commit carries the events of
 * many mails (an H2 commit rewrites the changed pages: one commit per event was ~4 % of the server's CPU per mail).
 * On a crash (kill -9, power loss) the events still queued are lost: at most the last ~{@value #LINGER_MILLIS} ms'
 * worth under normal load, at most {@code capacity} events if the database had stopped answering.
 * Never blocks the caller: when the queue is full, or the database refuses a batch at close, the event is
 * written to the log ({@code mssante.audit.lost}) instead.
 */
public class BatchingAuditRepository implements AuditRepository, AutoCloseable {

    private static final Logger LOGGER = LoggerFactory.getLogger(BatchingAuditRepository.class);
    static final int DEFAULT_CAPACITY = 10_000;
    private static final int MAX_BATCH = 500;
    static final long LINGER_MILLIS = 50;
    private static final Duration MAX_RETRY_DELAY = Duration.ofSeconds(30);
    private static final Duration FLUSH_TIMEOUT = Duration.ofSeconds(10);

    private final JdbcAuditRepository store;
    private final int capacity;
    private final BlockingQueue<AuditEvent> queue;
    private final Thread writer;
    /** Guards closed, queued and stored, and is notified when stored grows. */
    private final Object progress = new Object();
    private boolean closed;
    private long queued;
    private long stored;

    public BatchingAuditRepository(JdbcAuditRepository store) {
        this(store, DEFAULT_CAPACITY);
    }

    public BatchingAuditRepository(JdbcAuditRepository store, int capacity) {
        this.store = store;
        this.capacity = capacity;
        this.queue = new ArrayBlockingQueue<>(capacity);
        this.writer = new Thread(this::writeLoop, "mssante-audit-writer");
        writer.setDaemon(true);
        writer.start();
    }

    @Override
    public void append(AuditEvent event) {
        synchronized (progress) {
            if (!closed) {
                if (queue.offer(event)) {
                    queued++;
                } else {
                    LOGGER.error("mssante.audit.lost reason=queue-full capacity={} event={}", capacity, event);
                }
                return;
            }
        }
        writeOrLog(List.of(event));
    }

    /** Reads what was appended before the call: the queue is written first. */
    @Override
    public List<AuditEvent> query(AuditQuery query) {
        flush();
        return store.query(query);
    }

    @Override
    public int purgeBefore(Instant limit) {
        return store.purgeBefore(limit);
    }

    /** Waits until every event queued before the call is stored (or given up), at most 10 s. */
    public void flush() {
        long deadline = System.nanoTime() + FLUSH_TIMEOUT.toNanos();
        synchronized (progress) {
            long target = queued;
            while (stored < target) {
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    LOGGER.warn("audit: {} event(s) still queued after {}", target - stored, FLUSH_TIMEOUT);
                    return;
                }
                try {
                    TimeUnit.NANOSECONDS.timedWait(progress, left);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return;
                }
            }
        }
    }

    private void writeLoop() {
        while (true) {
            List<AuditEvent> batch = new ArrayList<>();
            try {
                AuditEvent first = queue.poll(200, TimeUnit.MILLISECONDS);
                if (first == null) {
                    if (isClosed()) {
                        return;
                    }
                    continue;
                }
                batch.add(first);
                if (!isClosed()) {
                    Thread.sleep(LINGER_MILLIS);
                }
            } catch (InterruptedException e) {
                return;
            }
            queue.drainTo(batch, MAX_BATCH - 1);
            writeWithRetry(batch);
            synchronized (progress) {
                stored += batch.size();
                progress.notifyAll();
            }
        }
    }

    /** A database outage keeps the batch in memory and retries; once closing, one last try then the log. */
    private void writeWithRetry(List<AuditEvent> batch) {
        Duration delay = Duration.ofMillis(500);
        while (true) {
            try {
                store.appendAll(batch);
                return;
            } catch (RuntimeException e) {
                if (isClosed()) {
                    logLost(batch, e);
                    return;
                }
                LOGGER.error("audit: cannot write {} event(s), retrying in {} ms", batch.size(), delay.toMillis(), e);
                sleep(delay);
                delay = delay.multipliedBy(2).compareTo(MAX_RETRY_DELAY) > 0 ? MAX_RETRY_DELAY : delay.multipliedBy(2);
            }
        }
    }

    private void writeOrLog(List<AuditEvent> events) {
        try {
            store.appendAll(events);
        } catch (RuntimeException e) {
            logLost(events, e);
        }
    }

    private static void logLost(List<AuditEvent> events, RuntimeException cause) {
        LOGGER.error("audit: cannot write {} event(s): {}", events.size(), cause.toString());
        events.forEach(event -> LOGGER.error("mssante.audit.lost reason=database event={}", event));
    }

    private static void sleep(Duration delay) {
        try {
            Thread.sleep(delay.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private boolean isClosed() {
        synchronized (progress) {
            return closed;
        }
    }

    /** Stops queueing, writes what is queued; later appends are written synchronously. */
    @Override
    public void close() {
        synchronized (progress) {
            if (closed) {
                return;
            }
            closed = true;
        }
        try {
            writer.join(FLUSH_TIMEOUT.toMillis() * 3);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        List<AuditEvent> rest = new ArrayList<>();
        queue.drainTo(rest);
        writeOrLog(rest);
        LOGGER.info("audit: writer stopped, {} event(s) stored since start", stored + rest.size());
    }
}
