package fr.mssante.operator.james.audit;

import static fr.mssante.operator.james.audit.AuditEvents.T0;
import static fr.mssante.operator.james.audit.AuditEvents.inboundAccepted;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import fr.mssante.operator.james.RegistryDatabase;
import fr.mssante.operator.james.RegistryDatabaseConfiguration;

class AuditRetentionPurgeTest {

    private static final Clock NOW = Clock.fixed(T0, ZoneOffset.UTC);

    @TempDir
    Path var;
    private RegistryDatabase database;
    private JdbcAuditRepository store;
    private final AuditEvent yearOld = inboundAccepted(T0.minus(Duration.ofDays(366)), "old@demo.mssante.test");
    private final AuditEvent recent = inboundAccepted(T0.minus(Duration.ofDays(10)), "recent@demo.mssante.test");

    @BeforeEach
    void open() {
        database = new RegistryDatabase(RegistryDatabaseConfiguration.defaults(var));
        store = new JdbcAuditRepository(database.dataSource());
        store.appendAll(List.of(yearOld, recent));
    }

    @AfterEach
    void close() {
        database.close();
    }

    @Test
    void purgeNowDeletesWhatIsOlderThanTheRetention() {
        try (AuditRetentionPurge purge = new AuditRetentionPurge(store, Duration.ofDays(365), NOW, Duration.ofDays(1), Duration.ofDays(1))) {
            assertThat(purge.purgeNow()).isEqualTo(1);
        }
        assertThat(store.query(AuditQuery.all())).containsExactly(recent);
    }

    @Test
    void theScheduledTaskPurgesWithoutBeingAsked() throws Exception {
        try (AuditRetentionPurge purge = new AuditRetentionPurge(store, Duration.ofDays(30), NOW, Duration.ZERO, Duration.ofDays(1))) {
            long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
            while (store.query(AuditQuery.all()).size() > 1 && System.nanoTime() < deadline) {
                Thread.sleep(20);
            }
        }
        assertThat(store.query(AuditQuery.all())).containsExactly(recent);
    }

    @Test
    void aFailedRunDoesNotStopTheSchedule() throws Exception {
        AtomicInteger attempts = new AtomicInteger();
        AuditRepository failingOnce = new AuditRepository() {
            @Override
            public void append(AuditEvent event) {
                store.append(event);
            }

            @Override
            public List<AuditEvent> query(AuditQuery query) {
                return store.query(query);
            }

            @Override
            public int purgeBefore(Instant limit) {
                if (attempts.incrementAndGet() == 1) {
                    throw new AuditStorageException("database down", new SQLException("down"));
                }
                return store.purgeBefore(limit);
            }
        };
        try (AuditRetentionPurge purge = new AuditRetentionPurge(failingOnce, Duration.ofDays(30), NOW, Duration.ZERO, Duration.ofMillis(10))) {
            long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
            while (attempts.get() < 2 && System.nanoTime() < deadline) {
                Thread.sleep(10);
            }
        }
        assertThat(attempts.get()).isGreaterThanOrEqualTo(2);
        assertThat(store.query(AuditQuery.all())).containsExactly(recent);
    }
}
