package fr.mssante.operator.bench.james;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Comparator;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

import fr.mssante.operator.james.RegistryDatabase;
import fr.mssante.operator.james.RegistryDatabaseConfiguration;
import fr.mssante.operator.james.registry.BalType;
import fr.mssante.operator.james.registry.JdbcMailboxRegistry;
import fr.mssante.operator.james.registry.MailboxProfile;
import fr.mssante.operator.james.registry.MailboxQuery;

/**
 * The mailbox registry on its default storage (H2 file database, pooled), filled with {@code mailboxes}
 * registrations, 1 in 20 suspended.
 * find: what the RCPT hook costs per recipient (registered address); findUnregistered: a recipient the
 * registry does not know; putUnchanged: directory-sync re-applying an identical mailbox (read + compare, no write);
 * listPage: one page of 100 of a domain, as directory-sync pages through the registry.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
public class MailboxRegistryBench {

    @Param("10000")
    public int mailboxes;

    private Path directory;
    private RegistryDatabase database;
    private JdbcMailboxRegistry registry;
    private String[] addresses;
    private MailboxProfile[] profiles;
    private int next;

    @Setup
    public void setUp() throws Exception {
        directory = Files.createTempDirectory("registry-bench");
        database = new RegistryDatabase(RegistryDatabaseConfiguration.defaults(directory));
        registry = new JdbcMailboxRegistry(database.dataSource(), Clock.systemUTC());
        addresses = new String[mailboxes];
        profiles = new MailboxProfile[mailboxes];
        for (int i = 0; i < mailboxes; i++) {
            addresses[i] = "prenom.nom" + i + "@etablissement" + (i % 20) + ".mssante.fr";
            profiles[i] = new MailboxProfile(i % 10 == 0 ? BalType.ORG : BalType.PER, "Dr Prénom Nom " + i, null,
                "Service " + (i % 30), null, "+33 1 00 00 " + String.format("%02d %02d", i % 100, i % 97), true,
                i % 50 == 0, "8100" + String.format("%08d", i), "175" + String.format("%07d", i % 500), "20261121103000Z");
            registry.put(addresses[i], profiles[i]);
            if (i % 20 == 7) {
                registry.suspend(addresses[i], "bench");
            }
        }
        if (!registry.find(addresses[7]).orElseThrow().isSuspended()) {
            throw new IllegalStateException("fixture broken");
        }
    }

    @TearDown
    public void tearDown() throws Exception {
        database.close();
        try (var files = Files.walk(directory)) {
            files.sorted(Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
        }
    }

    private int nextIndex() {
        next = (next + 7919) % mailboxes;
        return next;
    }

    @Benchmark
    public Object find() {
        return registry.find(addresses[nextIndex()]);
    }

    @Benchmark
    public Object findUnregistered() {
        return registry.find("inconnu" + nextIndex() + "@etablissement3.mssante.fr");
    }

    @Benchmark
    public Object putUnchanged() {
        int i = nextIndex();
        return registry.put(addresses[i], profiles[i]);
    }

    @Benchmark
    public Object listPage() {
        int page = nextIndex() % (mailboxes / 20 / 100);
        return registry.list(new MailboxQuery(Optional.of("etablissement" + (next % 20) + ".mssante.fr"),
            Optional.empty(), Optional.empty(), page * 100, 100));
    }
}
