package fr.mssante.operator.james.audit;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Deletes the events older than the retention period, at start (after a short delay) and then every interval. */
public class AuditRetentionPurge implements AutoCloseable {

    private static final Logger LOGGER = LoggerFactory.getLogger(AuditRetentionPurge.class);

    private final AuditRepository repository;
    private final Duration retention;
    private final Clock clock;
    private final ScheduledExecutorService scheduler;

    public AuditRetentionPurge(AuditRepository repository, Duration retention, Clock clock,
                               Duration firstDelay, Duration interval) {
        this.repository = repository;
        this.retention = retention;
        this.clock = clock;
        this.scheduler = Executors.newSingleThreadScheduledExecutor(task -> {
            Thread thread = new Thread(task, "mssante-audit-retention");
            thread.setDaemon(true);
            return thread;
        });
        scheduler.scheduleWithFixedDelay(this::purgeQuietly, firstDelay.toMillis(), interval.toMillis(), TimeUnit.MILLISECONDS);
        LOGGER.info("audit retention: events older than {} are purged every {}", retention, interval);
    }

    /** Purges now; answers how many events were deleted. */
    public int purgeNow() {
        Instant limit = clock.instant().minus(retention);
        int purged = repository.purgeBefore(limit);
        LOGGER.info("audit retention: purged {} event(s) older than {}", purged, limit);
        return purged;
    }

    private void purgeQuietly() {
        try {
            purgeNow();
        } catch (RuntimeException e) {
            // Next run retries; the scheduler must survive the failure.
            LOGGER.error("audit retention: purge failed, next attempt at the next interval", e);
        }
    }

    @Override
    public void close() {
        // No interrupt: H2 closes the whole database when a thread is interrupted in the middle of a file write.
        scheduler.shutdown();
        try {
            scheduler.awaitTermination(1, TimeUnit.MINUTES);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
