package fr.mssante.operator.bench.smtp;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Collectors;

import fr.mssante.operator.bench.smtp.BenchOptions.Kind;

/**
 * Load harness for whole mail servers: starts each server under test on loopback (the James servers in their own
 * JVM, Postfix + Dovecot as their own daemons), submits messages over reused SMTP submission connections (STARTTLS +
 * AUTH PLAIN) and measures accepted/s and delivered/s, then how delivery into ONE mailbox behaves as that mailbox
 * grows, with the latency of IMAP STATUS and EXAMINE on a small mailbox and on the growing one at each size
 * ({@link ImapLatency}). Run by bench/run-server-bench.sh; see docs/bench-server.md and
 * docs/bench-postfix-dovecot.md (the postfix server needs root and bench/postfix-dovecot/setup.sh).
 * {@code --messages 0}, {@code --large-messages 0} or {@code --growth-messages 0} leave those points out. Options (all {@code --name value}):
 * <pre>
 *   --work DIR                 where server homes and the results file go (fresh homes per run)
 *   --servers durable,memory,postfix   which servers, in this order (postfix: Postfix + Dovecot, see PostfixDovecot;
 *                              postfix-features: the same with Dovecot's quota, Sieve and full-text index on)
 *   --durable-classpath CP     classpath of our server (server/target/classes + its dependencies)
 *   --memory-classpath CP      classpath of org.apache.james:james-server-memory-app:3.8.1
 *   --conf DIR / --memory-conf DIR / --postfix-conf DIR   configuration templates (conf/, bench/memory-app/conf/,
 *                              bench/postfix-dovecot/)
 *   --messages M --large-messages M2 --connections K --sizes 10240,204800 --recipients R --repeat N
 *   --growth 0,10000,50000 --growth-messages G --growth-repeat N --prefill-size B --prefill-budget-seconds S
 *   --delivery-timeout-seconds T --server-jvm "-Xmx1g ..." --warm-up W (messages before the first point, 20000)
 *   --jit-quiet-percent P      after the warm-up, a one-process server (a JVM) goes on receiving rounds of
 *                              --settle-messages (2000) until its JIT compiler threads use less than P % of its CPU
 *                              (default 5; 0: no settling), at most --settle-rounds (30) rounds
 * </pre>
 */
public final class SmtpLoad {
    static final String DOMAIN = "bench.mssante.test";
    static final String PASSWORD = "bench-password";
    private static final int LARGE = 100 * 1024;
    static final Map<String, Kind> OPTIONS = Map.ofEntries(
        Map.entry("work", Kind.TEXT), Map.entry("servers", Kind.TEXT), Map.entry("server-jvm", Kind.TEXT),
        Map.entry("conf", Kind.TEXT), Map.entry("durable-classpath", Kind.TEXT), Map.entry("memory-conf", Kind.TEXT),
        Map.entry("memory-classpath", Kind.TEXT), Map.entry("postfix-conf", Kind.TEXT),
        Map.entry("sizes", Kind.INTEGERS), Map.entry("growth", Kind.INTEGERS),
        Map.entry("messages", Kind.INTEGER), Map.entry("large-messages", Kind.INTEGER),
        Map.entry("connections", Kind.INTEGER), Map.entry("recipients", Kind.INTEGER), Map.entry("repeat", Kind.INTEGER),
        Map.entry("growth-messages", Kind.INTEGER), Map.entry("growth-repeat", Kind.INTEGER),
        Map.entry("prefill-size", Kind.INTEGER), Map.entry("prefill-budget-seconds", Kind.INTEGER),
        Map.entry("delivery-timeout-seconds", Kind.INTEGER), Map.entry("warm-up", Kind.INTEGER),
        Map.entry("jit-quiet-percent", Kind.INTEGER), Map.entry("settle-messages", Kind.INTEGER),
        Map.entry("settle-rounds", Kind.INTEGER));

    private final BenchOptions options;
    private final List<LoadResult> results = new ArrayList<>();
    private final List<ImapLatency> latencies = new ArrayList<>();
    private final List<String> warmUps = new ArrayList<>();

    private SmtpLoad(BenchOptions options) {
        this.options = options;
    }

    public static void main(String[] args) throws Exception {
        new SmtpLoad(BenchOptions.parse(args, OPTIONS)).run();
    }

    private void run() throws Exception {
        Path work = Path.of(options.required("work")).toAbsolutePath();
        Files.createDirectories(work);
        Path report = work.resolve("results.md");
        String machine = Machine.describe();
        System.out.println("[bench] " + machine.replace("\n", " | "));
        List<ServerUnderTest> servers = new ArrayList<>();
        try {
            for (String server : options.option("servers", "durable,memory,postfix").split(",")) {
                ServerUnderTest process = create(server.strip(), work.resolve(server.strip() + "-home"));
                servers.add(process);
                Instant started = Instant.now();
                process.start(Duration.ofMinutes(3));
                System.out.println("[bench] " + process.name() + " ready in "
                    + Duration.between(started, Instant.now()).toSeconds() + " s");
            }
            measure(servers);
        } finally {
            for (ServerUnderTest server : servers) {
                server.close();
            }
            Files.writeString(report, report(machine), StandardCharsets.UTF_8);
        }
        System.out.println(report(machine));
        System.out.println("[bench] results written to " + report);
    }

    private ServerUnderTest create(String server, Path home) throws Exception {
        List<String> jvm = Arrays.asList(options.option("server-jvm", "-Xms1g -Xmx1g").split("\\s+"));
        return switch (server) {
            case "durable" -> ServerProcess.durable(home, Path.of(options.option("conf", "conf")),
                options.required("durable-classpath"), jvm);
            case "memory" -> ServerProcess.memoryApp(home, Path.of(options.option("memory-conf", "bench/memory-app/conf")),
                options.required("memory-classpath"), jvm);
            case "postfix", "postfix-features" -> PostfixDovecot.install(home,
                Path.of(options.option("postfix-conf", "bench/postfix-dovecot")).toAbsolutePath(), DOMAIN,
                server.equals("postfix-features"));
            default -> throw new IllegalArgumentException(
                "Unknown server '" + server + "': durable, memory, postfix or postfix-features");
        };
    }

    /**
     * Every server is up during the whole run and the points alternate between them (the idle one costs next to
     * nothing), so a change of load on the shared machine hits both sides of a ratio alike.
     */
    private void measure(List<ServerUnderTest> servers) throws Exception {
        Account sender = new Account("lps@" + DOMAIN, PASSWORD);
        List<Account> spread = new ArrayList<>();
        for (int i = 1; i <= options.integer("recipients", 10); i++) {
            spread.add(new Account(String.format(Locale.ROOT, "rcpt%02d@%s", i, DOMAIN), PASSWORD));
        }
        // The warm-up has mailboxes of its own: the measured ones then hold the same messages whatever its length
        // (a Maildir's cost grows with its size; the durable server's does not).
        List<Account> warmUp = new ArrayList<>();
        for (int i = 1; i <= spread.size(); i++) {
            warmUp.add(new Account(String.format(Locale.ROOT, "warm%02d@%s", i, DOMAIN), PASSWORD));
        }
        Account single = new Account("app@" + DOMAIN, PASSWORD);
        List<Account> all = new ArrayList<>(spread);
        all.addAll(warmUp);
        all.add(sender);
        all.add(single);
        for (ServerUnderTest server : servers) {
            server.provision(DOMAIN, all);
        }

        int connections = options.integer("connections", 20);
        long timeout = Duration.ofSeconds(options.integer("delivery-timeout-seconds", 600)).toNanos();
        for (ServerUnderTest server : servers) {
            // JIT, connection pools and caches of the server warm up first; not recorded. The durable server's CPU
            // per message keeps falling for about 20,000 messages (run 16 of bench-server.md: 8-10 ms after 2,000,
            // 4.4-5.1 ms after 20,000), so shorter warm-ups measure a JVM still compiling, not a running server.
            int messages = options.integer("warm-up", 20_000);
            System.out.println(new LoadRun(server, sender, warmUp).run("warm-up", messages,
                connections, 10 * 1024, timeout).summary());
            settle(server, new LoadRun(server, sender, warmUp), messages, connections, timeout);
        }

        int[] sizes = options.integers("sizes", "10240,204800");
        for (int r = 1; r <= options.integer("repeat", 2); r++) {
            for (int size : sizes) {
                int messages = size >= LARGE ? options.integer("large-messages", 500) : options.integer("messages", 2000);
                if (messages == 0) {
                    continue; // --messages 0 or --large-messages 0: that size is not measured
                }
                for (ServerUnderTest server : servers) {
                    record(new LoadRun(server, sender, spread).run(spread.size() + " mailboxes", messages, connections,
                        size, timeout));
                }
            }
        }

        if (options.integer("growth-messages", 2000) == 0) {
            return; // --growth-messages 0: no single-mailbox points
        }
        long prefillBudget = Duration.ofSeconds(options.integer("prefill-budget-seconds", 900)).toNanos();
        List<ServerUnderTest> growing = new ArrayList<>(servers);
        for (int target : options.integers("growth", "0,10000,50000")) {
            List<ServerUnderTest> atLevel = new ArrayList<>();
            for (ServerUnderTest server : growing) {
                LoadRun singleRun = new LoadRun(server, sender, List.of(single));
                if (singleRun.count() < target) {
                    long reached = new Prefill(server, single).upTo(target, connections,
                        options.integer("prefill-size", 1024), prefillBudget);
                    if (reached < target) {
                        System.out.println("[bench] " + server.name() + ": pre-fill stopped at " + reached + " of "
                            + target + " within its budget; measuring there, no larger mailbox for this server");
                        measureOneMailbox(singleRun, "1 mailbox, pre-fill budget hit before " + target, connections,
                            timeout);
                        continue;
                    }
                }
                atLevel.add(server);
            }
            growing = atLevel;
            for (ServerUnderTest server : growing) {
                long inGrowing = new LoadRun(server, sender, List.of(single)).count();
                record(ImapLatency.measure(server, spread.get(0), "a small one", inGrowing));
                record(ImapLatency.measure(server, single, "the growing one", inGrowing));
            }
            for (int r = 1; r <= options.integer("growth-repeat", 2); r++) {
                for (ServerUnderTest server : growing) {
                    record(new LoadRun(server, sender, List.of(single)).run("1 mailbox @" + target,
                        options.integer("growth-messages", 2000), connections, 10 * 1024, timeout));
                }
            }
        }
    }

    /**
     * Goes on warming a JVM server up until its JIT compiler is quiet. The compiler needs CPU time, not a number of
     * messages: on 2026-12-04 the durable server's used ~290 s of compiler time, still 20 % of the server's CPU
     * after 29,000 messages, and its CPU per message fell from 10 to 6.4 ms when it stopped (run 24).
     */
    private void settle(ServerUnderTest server, LoadRun run, int warmUpMessages, int connections, long timeout)
        throws Exception {
        int quietPercent = options.integer("jit-quiet-percent", 5);
        int perRound = options.integer("settle-messages", 2000);
        int maxRounds = options.integer("settle-rounds", 30);
        String summary = server.name() + ": warm-up " + warmUpMessages + " x 10 KB";
        if (quietPercent > 0 && server.singleProcess().isPresent()) {
            int round = 0;
            double compiler = 100;
            while (compiler >= quietPercent && round < maxRounds) {
                round++;
                LoadResult settling = run.run("settling", perRound, connections, 10 * 1024, timeout);
                compiler = settling.compilerPercent();
                System.out.printf(Locale.ROOT, "[bench] %s settling round %d: %d x 10 KB, %.1f ms of server CPU per"
                        + " message, JIT compiler threads %.1f %% of it%n", server.name(), round, perRound,
                    settling.serverCpuMillisPerMessage(), compiler);
            }
            summary += String.format(Locale.ROOT, ", then %d round(s) of %d until its JIT compiler threads used %s %d %%"
                + " of its CPU (last round: %.1f %%)", round, perRound, compiler < quietPercent ? "less than" : "STILL NOT less than",
                quietPercent, compiler);
        }
        System.out.println("[bench] " + summary);
        warmUps.add(summary);
    }

    private void measureOneMailbox(LoadRun run, String label, int connections, long timeout) throws Exception {
        for (int r = 1; r <= options.integer("growth-repeat", 2); r++) {
            record(run.run(label, options.integer("growth-messages", 2000), connections, 10 * 1024, timeout));
        }
    }

    private void record(LoadResult result) {
        results.add(result);
        System.out.println(result.summary());
        if (!result.cpuByThread().isEmpty()) {
            System.out.println("[bench] " + result.server() + " " + result.label() + " CPU by thread: " + result.cpuByThread());
        }
    }

    private void record(ImapLatency latency) {
        latencies.add(latency);
        System.out.println(latency.summary());
    }

    private String report(String machine) {
        StringBuilder md = new StringBuilder("## Run of " + Instant.now() + "\n\n");
        md.append(machine.lines().map(line -> "- " + line).collect(Collectors.joining("\n"))).append("\n");
        warmUps.forEach(warmUp -> md.append("- ").append(warmUp).append('\n'));
        md.append('\n');
        md.append(LoadResult.tableHeader()).append('\n');
        results.forEach(result -> md.append(result.tableRow()).append('\n'));
        Map<String, Map<String, List<LoadResult>>> byPoint = new LinkedHashMap<>();
        for (LoadResult result : results) {
            byPoint.computeIfAbsent(result.label() + "|" + result.size(), k -> new HashMap<>())
                .computeIfAbsent(result.server(), k -> new ArrayList<>()).add(result);
        }
        List<LoadResult> byThread = results.stream().filter(result -> !result.cpuByThread().isEmpty()).toList();
        if (!byThread.isEmpty()) {
            md.append("\n### Server CPU by thread (one-process servers; share of the point's server CPU)\n\n");
            byThread.forEach(result -> md.append("- ").append(result.server()).append(' ').append(result.label())
                .append(' ').append(result.size() / 1024).append(" KB: ").append(result.cpuByThread()).append('\n'));
        }
        for (String other : List.of("memory-app", PostfixDovecot.NAME, PostfixDovecot.FEATURES_NAME)) {
            ratioTable(md, byPoint, "durable", other);
        }
        if (!latencies.isEmpty()) {
            md.append("\n### IMAP latency while one mailbox grows (" + ImapLatency.ROUNDS + " commands each)\n\n")
                .append(ImapLatency.tableHeader()).append('\n');
            latencies.forEach(latency -> md.append(latency.tableRow()).append('\n'));
        }
        return md.toString();
    }

    /** Mean of each point both servers ran in this run, and the ratio of their delivered/s. */
    private static void ratioTable(StringBuilder md, Map<String, Map<String, List<LoadResult>>> byPoint, String a,
                                   String b) {
        StringBuilder rows = new StringBuilder();
        byPoint.forEach((point, servers) -> {
            List<LoadResult> left = servers.get(a);
            List<LoadResult> right = servers.get(b);
            if (left != null && right != null) {
                double l = mean(left, LoadResult::deliveredPerSecond);
                double r = mean(right, LoadResult::deliveredPerSecond);
                rows.append(String.format(Locale.ROOT, "| %s | %d KB | %.1f | %.1f | %.2f | %.1f | %.1f | %.1f | %.1f | %.0f %% | %.0f %% |\n",
                    point.split("\\|")[0], left.get(0).size() / 1024, l, r, l / r,
                    mean(left, LoadResult::acceptedPerSecond), mean(right, LoadResult::acceptedPerSecond),
                    mean(left, LoadResult::serverCpuMillisPerMessage), mean(right, LoadResult::serverCpuMillisPerMessage),
                    mean(left, LoadResult::machineKernelPercent), mean(right, LoadResult::machineKernelPercent)));
            }
        });
        if (rows.length() > 0) {
            md.append("\n### Ratio ").append(a).append(" / ").append(b)
                .append(" (mean of the same point in this run)\n\n")
                .append(String.format("| point | size | %1$s delivered/s | %2$s delivered/s | ratio | %1$s accepted/s "
                    + "| %2$s accepted/s | %1$s server CPU ms/msg | %2$s server CPU ms/msg | machine CPU in kernel, %1$s "
                    + "| machine CPU in kernel, %2$s |\n", a, b))
                .append("|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|\n")
                .append(rows);
        }
    }

    private static double mean(List<LoadResult> results, java.util.function.ToDoubleFunction<LoadResult> metric) {
        return results.stream().mapToDouble(metric).average().orElse(Double.NaN);
    }
}
