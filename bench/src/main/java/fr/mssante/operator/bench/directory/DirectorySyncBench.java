package fr.mssante.operator.bench.directory;

import com.unboundid.ldap.sdk.BindRequest;
import com.unboundid.ldap.sdk.LDAPConnectionOptions;
import com.unboundid.ldap.sdk.LDAPConnectionPool;
import com.unboundid.ldap.sdk.Modification;
import com.unboundid.ldap.sdk.ModificationType;
import com.unboundid.ldap.sdk.SimpleBindRequest;
import com.unboundid.ldap.sdk.SingleServerSet;
import fr.mssante.operator.directory.load.ExtractionLdifExporter;
import fr.mssante.operator.directory.load.ExtractionLoader;
import fr.mssante.operator.directory.load.LoadReport;
import fr.mssante.operator.directory.mirror.MirrorLayout;
import fr.mssante.operator.directory.sync.FakeMailboxRegistryServer;
import fr.mssante.operator.directory.sync.MailboxRegistryClient;
import fr.mssante.operator.directory.sync.PlannedAction;
import fr.mssante.operator.directory.sync.SyncEngine;
import fr.mssante.operator.directory.sync.SyncOptions;
import fr.mssante.operator.directory.sync.SyncProgress;
import fr.mssante.operator.directory.sync.SyncRunReport;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;

/**
 * Load harness for directory-sync (not JMH: each step is a single long operation over real sockets). Run with
 * {@code java -Xmx512m -cp ... DirectorySyncBench [rows] [ownRows] [changes]} (defaults 535000, 50000, 1000):
 * <ol>
 *   <li>writes a synthetic national extraction;</li>
 *   <li>starts the embedded mirror in a child JVM ({@code DirectoryCli serve}, own heap) and loads the file into
 *       it over LDAP from this 512 MB JVM; reloads it unchanged, then with 1 % of the rows changed;</li>
 *   <li>full sync plan (dry run) of the own domains against an empty in-memory WebAdmin registry on a port, then
 *       the real apply;</li>
 *   <li>changes {@code changes} own mailboxes in the mirror and times an incremental run (plan + apply).</li>
 * </ol>
 */
public final class DirectorySyncBench {
    private static final List<String> OWN_DOMAINS = List.of("ch-bench-1.mssante.fr", "ch-bench-2.mssante.fr",
            "ch-bench-3.mssante.fr", "ch-bench-4.mssante.fr", "ch-bench-5.mssante.fr");

    public static void main(String[] args) throws Exception {
        int rows = args.length > 0 ? Integer.parseInt(args[0]) : 535_000;
        int ownRows = args.length > 1 ? Integer.parseInt(args[1]) : 50_000;
        int changes = args.length > 2 ? Integer.parseInt(args[2]) : 1_000;
        Path work = Files.createTempDirectory("directory-bench");
        System.out.printf("directory-sync bench: %,d rows, %,d own, %,d changes; max heap %d MB; %d cpus; work %s%n",
                rows, ownRows, changes, Runtime.getRuntime().maxMemory() >> 20,
                Runtime.getRuntime().availableProcessors(), work);

        Path file = work.resolve("Extraction_Correspondance_MSSante_bench.txt");
        long t = System.nanoTime();
        SyntheticExtraction.write(file, rows, ownRows, OWN_DOMAINS, 1);
        System.out.printf("generate: %.1f s, %,d MB%n", seconds(t), Files.size(file) >> 20);

        // -Dbench.bulkDir=DIR -Dbench.ldapPort=N: first load by the bulk path instead (export-ldif, then
        // conf/ldap/openldap-mirror.sh DIR N --ldif, i.e. slapadd -q into a new OpenLDAP, which this harness starts).
        String bulkDir = System.getProperty("bench.bulkDir");
        if (bulkDir != null) {
            bulkLoad(file, rows, work, Path.of(bulkDir), System.getProperty("bench.ldapPort"));
            System.setProperty("bench.bindDn", "cn=admin,o=annuaire-sante,c=fr");
            System.setProperty("bench.bindPasswordFile", Path.of(bulkDir, "admin.password").toString());
        }
        // -Dbench.ldapPort=N -Dbench.bindDn=DN -Dbench.bindPasswordFile=F: use that mirror (e.g. OpenLDAP started by
        // conf/ldap/openldap-mirror.sh) instead of the embedded one in a child JVM. -Dbench.pageSize: LDAP paging.
        String externalPort = System.getProperty("bench.ldapPort");
        int port = externalPort != null ? Integer.parseInt(externalPort) : freePort();
        int pageSize = Integer.getInteger("bench.pageSize", 0);
        Process mirror = externalPort != null ? null : startMirror(port, work);
        if (mirror != null) {
            Runtime.getRuntime().addShutdownHook(new Thread(mirror::destroy, "stop-mirror-jvm"));
        }
        BindRequest bind = System.getProperty("bench.bindDn") == null ? null : new SimpleBindRequest(
                System.getProperty("bench.bindDn"), Files.readString(Path.of(System.getProperty("bench.bindPasswordFile"))));
        System.out.printf("mirror: %s on port %d, LDAP page size %d%n", mirror == null ? "external" : "embedded (child JVM)",
                port, pageSize);
        LDAPConnectionOptions ldapOptions = new LDAPConnectionOptions();
        ldapOptions.setResponseTimeoutMillis(300_000);
        try (LDAPConnectionPool pool = new LDAPConnectionPool(new SingleServerSet("127.0.0.1", port, ldapOptions), bind, 1, 4);
             FakeMailboxRegistryServer registry = new FakeMailboxRegistryServer(new HashSet<>(OWN_DOMAINS), "bench")) {
            MirrorLayout layout = MirrorLayout.defaults();

            if (bulkDir == null) {
                resetPeakHeap();
                t = System.nanoTime();
                long loadStart = t;
                LoadReport load = new ExtractionLoader(pool, layout, 4, pageSize, 0.10,
                        line -> System.out.printf("  load: %,d lines, %.1f s%n", line, seconds(loadStart))).load(file);
                double loadSeconds = seconds(t);
                System.out.printf("LOAD %,d rows into the mirror: %.1f s (%,.0f rows/s), peak heap %d MB%n  %s%n",
                        rows, loadSeconds, rows / loadSeconds, peakHeapMb(), load.summary());
            }
            if (Boolean.getBoolean("bench.loadOnly")) { // -Dbench.loadOnly=true: stop here, to profile the load
                return;
            }

            t = System.nanoTime();
            LoadReport reload = new ExtractionLoader(pool, layout, 4, pageSize, 0.10, line -> { }).load(file);
            System.out.printf("RELOAD of the same file (daily steady state): %.1f s, peak heap %d MB%n  %s%n",
                    seconds(t), peakHeapMb(), reload.summary());

            Path changed = work.resolve("Extraction_Correspondance_MSSante_bench_day2.txt");
            SyntheticExtraction.write(changed, rows, ownRows, OWN_DOMAINS, 2);
            t = System.nanoTime();
            LoadReport dayTwo = new ExtractionLoader(pool, layout, 4, pageSize, 0.10, line -> { }).load(changed);
            System.out.printf("RELOAD with 1 %% of the rows changed: %.1f s%n  %s%n", seconds(t), dayTwo.summary());

            Path state = work.resolve("state");
            MailboxRegistryClient client = new MailboxRegistryClient(registry.uri(), "bench",
                    MailboxRegistryClient.RetryPolicy.defaults());
            SyncEngine engine = new SyncEngine(pool, layout, client, state, SyncProgress.NONE);
            SyncOptions options = SyncOptions.of(OWN_DOMAINS).withPageSize(pageSize).withClockSkew(Duration.ofSeconds(1));

            t = System.nanoTime();
            SyncRunReport plan = engine.run(options.withDryRun(true));
            System.out.printf("FULL PLAN (dry run) of %,d own mailboxes: %.1f s, %,d creates%n", plan.mirrorEntriesRead(),
                    seconds(t), plan.planned(PlannedAction.Kind.CREATE));

            t = System.nanoTime();
            SyncRunReport full = engine.run(options.withFull(true));
            System.out.printf("FULL RUN (plan + apply %,d creates over HTTP): %.1f s, %s%n",
                    full.planned(PlannedAction.Kind.CREATE), seconds(t), full.status());

            Thread.sleep(1_500); // past the clock-skew window of the full run's marker
            t = System.nanoTime();
            for (int i = 0; i < changes; i++) {
                String address = SyntheticExtraction.address(i * (ownRows / changes), ownRows, OWN_DOMAINS);
                pool.modify(layout.mailboxDn(address).toString(),
                        new Modification(ModificationType.REPLACE, "mssService", "Service modifié " + i));
            }
            System.out.printf("  (%,d mirror modifications: %.1f s)%n", changes, seconds(t));

            t = System.nanoTime();
            SyncRunReport incremental = engine.run(options);
            System.out.printf("INCREMENTAL RUN with %,d changes: %.2f s, read %,d entries, planned %s, %s%n", changes,
                    seconds(t), incremental.mirrorEntriesRead(), incremental.plannedTotal(), incremental.status());

            t = System.nanoTime();
            SyncRunReport quiet = engine.run(options);
            System.out.printf("QUIET INCREMENTAL RUN: %.2f s, read %,d entries, planned %d%n", seconds(t),
                    quiet.mirrorEntriesRead(), quiet.plannedTotal());
            System.out.printf("peak heap of the bench JVM: %d MB%n", peakHeapMb());
        } finally {
            if (mirror != null) {
                mirror.destroy();
                mirror.waitFor();
            }
        }
    }

    /** The bulk path, timed: export the file as LDIF, then slapadd -q it into a new OpenLDAP mirror and start it. */
    private static void bulkLoad(Path file, int rows, Path work, Path slapdDir, String port)
            throws IOException, InterruptedException {
        if (port == null) {
            throw new IllegalArgumentException("-Dbench.bulkDir needs -Dbench.ldapPort");
        }
        resetPeakHeap();
        Path ldif = work.resolve("mirror.ldif");
        long t = System.nanoTime();
        LoadReport export = new ExtractionLdifExporter(MirrorLayout.defaults(), line -> { }).export(file, ldif);
        double exportSeconds = seconds(t);
        System.out.printf("EXPORT-LDIF %,d rows: %.1f s, %,d MB, peak heap %d MB%n  %s%n", rows, exportSeconds,
                Files.size(ldif) >> 20, peakHeapMb(), export.summary());
        t = System.nanoTime();
        Process slapd = new ProcessBuilder("conf/ldap/openldap-mirror.sh", slapdDir.toString(), port, "--ldif",
                ldif.toString()).inheritIO().start();
        if (slapd.waitFor() != 0) {
            throw new IOException("conf/ldap/openldap-mirror.sh failed: exit " + slapd.exitValue());
        }
        double importSeconds = seconds(t);
        System.out.printf("BULK IMPORT (slapadd -q + slapd start): %.1f s; LOAD by the bulk path: %.1f s (%,.0f rows/s)%n",
                importSeconds, exportSeconds + importSeconds, rows / (exportSeconds + importSeconds));
        Runtime.getRuntime().addShutdownHook(new Thread(() -> stopSlapd(slapdDir), "stop-slapd"));
    }

    private static void stopSlapd(Path slapdDir) {
        try {
            long pid = Long.parseLong(Files.readString(slapdDir.resolve("slapd.pid")).trim());
            ProcessHandle.of(pid).ifPresent(ProcessHandle::destroy);
        } catch (IOException | NumberFormatException e) {
            System.err.println("could not stop slapd of " + slapdDir + ": " + e);
        }
    }

    private static Process startMirror(int port, Path work) throws IOException, InterruptedException {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        Process process = new ProcessBuilder(java, "-Xmx" + System.getProperty("bench.mirrorHeap", "6g"), "-cp",
                System.getProperty("java.class.path"), "fr.mssante.operator.directory.cli.DirectoryCli", "serve",
                "--port", String.valueOf(port), "--no-sample")
                .redirectErrorStream(true).redirectOutput(work.resolve("mirror.log").toFile()).start();
        for (int i = 0; i < 300; i++) {
            try (Socket socket = new Socket(InetAddress.getLoopbackAddress(), port)) {
                return process;
            } catch (IOException notYet) {
                if (!process.isAlive()) {
                    throw new IOException("mirror JVM exited, see " + work.resolve("mirror.log"));
                }
                Thread.sleep(100);
            }
        }
        process.destroy();
        throw new IOException("mirror JVM did not listen on " + port + " within 30 s");
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }

    /** Samples the heap in use every 50 ms: the highest value seen since the last reset. */
    private static final java.util.concurrent.atomic.AtomicLong PEAK_HEAP = new java.util.concurrent.atomic.AtomicLong();

    static {
        Thread sampler = new Thread(() -> {
            while (true) {
                long used = ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
                PEAK_HEAP.accumulateAndGet(used, Math::max);
                try {
                    Thread.sleep(50);
                } catch (InterruptedException e) {
                    return;
                }
            }
        }, "heap-sampler");
        sampler.setDaemon(true);
        sampler.start();
    }

    private static void resetPeakHeap() {
        System.gc();
        PEAK_HEAP.set(0);
    }

    private static long peakHeapMb() {
        return PEAK_HEAP.get() >> 20;
    }

    private static double seconds(long start) {
        return (System.nanoTime() - start) / 1e9;
    }
}
