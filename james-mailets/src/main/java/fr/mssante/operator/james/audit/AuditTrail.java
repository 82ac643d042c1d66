package fr.mssante.operator.james.audit;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

import javax.annotation.PreDestroy;
import javax.inject.Inject;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import fr.mssante.operator.james.RegistryDatabase;

/**
 * The audit trail of a running James: the {@code mssante_audit} table in the MSSanté database, appends buffered
 * off the SMTP threads, the daily retention purge. James's shutdown ({@code @PreDestroy}) stops the purge and
 * writes what is still queued; it runs before the database pool closes (the pool was created first).
 */
public class AuditTrail implements AuditRepository, AutoCloseable {

    private static final Logger LOGGER = LoggerFactory.getLogger(AuditTrail.class);
    static final Duration FIRST_PURGE_DELAY = Duration.ofMinutes(1);
    static final Duration PURGE_INTERVAL = Duration.ofDays(1);

    private final BatchingAuditRepository events;
    private final AuditRetentionPurge purge;

    @Inject
    public AuditTrail(RegistryDatabase database, AuditConfiguration configuration, Clock clock) {
        JdbcAuditRepository store = new JdbcAuditRepository(database.dataSource());
        this.events = new BatchingAuditRepository(store);
        this.purge = new AuditRetentionPurge(store, configuration.retention(), clock, FIRST_PURGE_DELAY, PURGE_INTERVAL);
        LOGGER.info("audit trail opened (table mssante_audit, retention {})", configuration.retention());
    }

    @Override
    public void append(AuditEvent event) {
        events.append(event);
    }

    @Override
    public List<AuditEvent> query(AuditQuery query) {
        return events.query(query);
    }

    @Override
    public int purgeBefore(Instant limit) {
        return events.purgeBefore(limit);
    }

    @PreDestroy
    @Override
    public void close() {
        purge.close();
        events.close();
        LOGGER.info("audit trail closed");
    }
}
