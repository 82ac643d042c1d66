package fr.mssante.operator.james.audit;

import static fr.mssante.operator.james.audit.AuditEvents.T0;
import static fr.mssante.operator.james.audit.AuditEvents.inboundAccepted;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;

import java.nio.file.Path;
import java.util.stream.IntStream;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import fr.mssante.operator.james.RegistryDatabase;
import fr.mssante.operator.james.RegistryDatabaseConfiguration;

class BatchingAuditRepositoryTest {

    @TempDir
    Path var;
    private RegistryDatabase database;
    private JdbcAuditRepository store;
    private BatchingAuditRepository buffered;

    @BeforeEach
    void open() {
        database = new RegistryDatabase(RegistryDatabaseConfiguration.defaults(var));
        store = new JdbcAuditRepository(database.dataSource());
        buffered = new BatchingAuditRepository(store);
    }

    @AfterEach
    void close() {
        buffered.close();
        database.close();
    }

    @Test
    void aQuerySeesEverythingAppendedBeforeIt() {
        IntStream.range(0, 50).forEach(i -> buffered.append(inboundAccepted(T0.plusMillis(i), "r" + i + "@demo.mssante.test")));

        assertThat(buffered.query(AuditQuery.all())).hasSize(50)
            .first().extracting(AuditEvent::recipient).isEqualTo("r49@demo.mssante.test");
    }

    @Test
    void closeWritesEverythingStillQueued() {
        IntStream.range(0, 3000).forEach(i -> buffered.append(inboundAccepted(T0.plusMillis(i), "r" + i + "@demo.mssante.test")));

        buffered.close();

        assertThat(store.query(new QueryBuilder().limit(1000).build())).hasSize(1000);
        assertThat(store.query(new QueryBuilder().offset(2999).build())).extracting(AuditEvent::recipient)
            .containsExactly("r0@demo.mssante.test");
        assertThat(store.query(new QueryBuilder().offset(3000).build())).isEmpty();
    }

    @Test
    void afterCloseAppendsAreWrittenAtOnce() {
        buffered.close();

        buffered.append(inboundAccepted(T0, "late@demo.mssante.test"));

        assertThat(store.query(AuditQuery.all())).extracting(AuditEvent::recipient).containsExactly("late@demo.mssante.test");
    }

    @Test
    void aFullQueueNeverBlocksTheCaller() {
        database.close();
        BatchingAuditRepository tiny = new BatchingAuditRepository(store, 2);
        try {
            // The database is gone: the writer retries its batch, the queue fills up, the rest goes to the log.
            assertThatCode(() -> IntStream.range(0, 100).forEach(i -> tiny.append(inboundAccepted(T0, "r@demo.mssante.test"))))
                .doesNotThrowAnyException();
        } finally {
            tiny.close();
        }
    }
}
