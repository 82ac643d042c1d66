package fr.mssante.operator.bench.audit;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Comparator;
import java.util.concurrent.TimeUnit;

import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

import fr.mssante.operator.james.RegistryDatabase;
import fr.mssante.operator.james.RegistryDatabaseConfiguration;
import fr.mssante.operator.james.audit.AuditDecision;
import fr.mssante.operator.james.audit.AuditDirection;
import fr.mssante.operator.james.audit.AuditEvent;
import fr.mssante.operator.james.audit.BatchingAuditRepository;
import fr.mssante.operator.james.audit.JdbcAuditRepository;
import fr.mssante.operator.james.audit.SmtpReply;
import fr.mssante.operator.james.audit.TlsFacts;

/**
 * What recording one SMTP decision costs, on the default storage (H2 file database, pooled, WRITE_DELAY=0).
 * synchronousAppend: one transaction per event, as if the SMTP thread wrote it itself.
 * bufferedAppendCallerSide: what the SMTP thread pays with the buffered repository James uses (queue only; the
 * queue is written between invocations, outside the measurement).
 * bufferedAppendSustained: append then wait until written, per event: the writer's sustained rate.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
public class AuditAppendBench {

    private static final int BATCH = 500;

    private Path directory;
    private RegistryDatabase database;
    private JdbcAuditRepository store;
    private BatchingAuditRepository buffered;
    private long sequence;

    @Setup
    public void setUp() throws Exception {
        directory = Files.createTempDirectory("audit-bench");
        database = new RegistryDatabase(RegistryDatabaseConfiguration.defaults(directory));
        store = new JdbcAuditRepository(database.dataSource());
        buffered = new BatchingAuditRepository(store);
    }

    @TearDown
    public void tearDown() throws Exception {
        buffered.close();
        database.close();
        try (var files = Files.walk(directory)) {
            files.sorted(Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
        }
    }

    /** A fully populated inbound decision, as the SMTP capture records it. */
    private AuditEvent event() {
        long n = sequence++;
        return AuditEvent.builder(Instant.now(), AuditDirection.INBOUND, AuditDecision.ACCEPTED)
            .sessionId(Long.toHexString(n))
            .listener("smtp:25")
            .peerIp("192.0.2." + (n % 250))
            .tls(new TlsFacts("TLSv1.3", "TLS_AES_256_GCM_SHA384",
                "CN=mail.autre-operateur.mssante.fr,OU=1234567890,O=Autre Operateur,C=FR"))
            .mailFrom("expediteur" + (n % 1000) + "@autre-operateur.mssante.fr")
            .recipient("prenom.nom" + (n % 10000) + "@etablissement.mssante.fr")
            .messageId("<" + n + ".bench@autre-operateur.mssante.fr>")
            .size(20_000L)
            .reply(SmtpReply.of("250", "2.1.5 Recipient <prenom.nom@etablissement.mssante.fr> OK"))
            .build();
    }

    @Benchmark
    public void synchronousAppend() {
        store.append(event());
    }

    @Benchmark
    @OperationsPerInvocation(BATCH)
    public void bufferedAppendCallerSide() {
        for (int i = 0; i < BATCH; i++) {
            buffered.append(event());
        }
    }

    @TearDown(Level.Invocation)
    public void drain() {
        buffered.flush();
    }

    @Benchmark
    @OperationsPerInvocation(BATCH)
    public void bufferedAppendSustained() {
        for (int i = 0; i < BATCH; i++) {
            buffered.append(event());
        }
        buffered.flush();
    }
}
