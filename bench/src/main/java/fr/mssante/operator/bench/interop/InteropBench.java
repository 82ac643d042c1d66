package fr.mssante.operator.bench.interop;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.ToDoubleFunction;

import fr.mssante.operator.bench.smtp.BenchOptions;
import fr.mssante.operator.bench.smtp.BenchOptions.Kind;
import fr.mssante.operator.bench.smtp.Machine;
import fr.mssante.operator.bench.smtp.ServerProcess;
import fr.mssante.operator.bench.smtp.SmtpSession;
import fr.mssante.operator.trust.pki.IssuedCertificate;
import fr.mssante.operator.trust.pki.TestPki;

/**
 * Inter-operator throughput into operator B's port 25 over mutual TLS, and the cost of the trust checks as a ratio
 * against the same pipeline without them, measured in one run: two B servers (each in its own JVM, both up for the
 * whole run) differ only by {@link Pipeline}; this JVM plays operator A with its SERV SSL certificate. Points
 * alternate between the two Bs, and their order flips on every repeat, so a change of load on the shared machine
 * hits both sides of a ratio alike. Run by bench/run-interop-bench.sh; see docs/bench-interop.md. Options
 * ({@code --name value}):
 * <pre>
 *   --work DIR             fresh homes, PKI and results.md go there
 *   --server-classpath CP  server/target/classes + its dependencies (the child JVMs' classpath)
 *   --conf DIR             the configuration templates (the repository's conf/, copied, never modified)
 *   --messages M --concurrency K --size BYTES --mailboxes R --repeat N --warm-up W
 *   --point-budget-seconds S --delivery-timeout-seconds T --server-jvm "-Xms512m -Xmx512m"
 * </pre>
 */
public final class InteropBench {
    static final String DOMAIN_A = "operateur-a.mssante.test";
    static final String DOMAIN_B = "operateur-b.mssante.test";
    static final String SENDER = "dpi@" + DOMAIN_A;
    static final String UNLISTED_DOMAIN = "hors-liste.mssante.test";
    static final String PASSWORD = "bench-password";

    public static final Map<String, Kind> OPTIONS = Map.ofEntries(
        Map.entry("work", Kind.TEXT), Map.entry("conf", Kind.TEXT), Map.entry("server-jvm", Kind.TEXT),
        Map.entry("server-classpath", Kind.TEXT), Map.entry("mailboxes", Kind.INTEGER),
        Map.entry("concurrency", Kind.INTEGER), Map.entry("size", Kind.INTEGER),
        Map.entry("point-budget-seconds", Kind.INTEGER), Map.entry("delivery-timeout-seconds", Kind.INTEGER),
        Map.entry("warm-up", Kind.INTEGER), Map.entry("messages", Kind.INTEGER), Map.entry("repeat", Kind.INTEGER));

    private final BenchOptions options;
    private final List<InteropResult> results = new ArrayList<>();

    private InteropBench(BenchOptions options) {
        this.options = options;
    }

    public static void main(String[] args) throws Exception {
        new InteropBench(BenchOptions.parse(args, OPTIONS)).run();
    }

    private void run() throws Exception {
        Path work = Path.of(options.required("work")).toAbsolutePath();
        Files.createDirectories(work);
        String machineAtStart = Machine.describe();
        System.out.println("[interop] " + machineAtStart.replace("\n", " | "));

        TestPki pki = TestPki.create(work.resolve("test-pki"));
        Path listeBlanche = work.resolve("listeblanche.xml");
        Path templates = Path.of(options.option("conf", "conf"));
        IssuedCertificate aCertificate = pki.issueServerCertificate("mx." + DOMAIN_A, "1750000002", "OPERATEUR A");
        List<String> jvm = Arrays.asList(options.option("server-jvm", "-Xms512m -Xmx512m").split("\\s+"));
        List<OperatorB> bs = new ArrayList<>();
        try {
            for (Pipeline pipeline : Pipeline.values()) {
                bs.add(OperatorB.install(work.resolve("b-" + pipeline.name().toLowerCase(Locale.ROOT)), templates,
                    pipeline, pki, "mx." + DOMAIN_B, listeBlanche, options.required("server-classpath"), jvm));
            }
            // Both Bs serve DOMAIN_B; A is listed for its own domain only, as in production.
            List<java.security.cert.X509Certificate> bCertificates = bs.stream().map(b -> b.operator().certificate()).toList();
            pki.writeListeBlanche(listeBlanche, Map.of(DOMAIN_A, List.of(aCertificate.certificate()), DOMAIN_B, bCertificates));
            pki.writeCrls(Duration.ofDays(30));
            for (OperatorB b : bs) {
                Instant started = Instant.now();
                b.start(Duration.ofMinutes(4));
                System.out.println("[interop] B " + b.pipeline().label() + " ready in "
                    + Duration.between(started, Instant.now()).toSeconds() + " s");
            }
            measure(bs, new PeerOperator("mx." + DOMAIN_A, aCertificate));
        } finally {
            for (OperatorB b : bs) {
                b.close();
            }
            Files.writeString(work.resolve("results.md"), report(machineAtStart), StandardCharsets.UTF_8);
        }
        System.out.println(report(machineAtStart));
        System.out.println("[interop] results written to " + work.resolve("results.md"));
    }

    private void measure(List<OperatorB> bs, PeerOperator a) throws Exception {
        List<String> mailboxes = new ArrayList<>();
        for (int i = 1; i <= options.integer("mailboxes", 5); i++) {
            mailboxes.add(String.format(Locale.ROOT, "secretariat%02d@%s", i, DOMAIN_B));
        }
        for (OperatorB b : bs) {
            b.provision(DOMAIN_B, mailboxes, PASSWORD);
        }
        int concurrency = options.integer("concurrency", 8);
        int size = options.integer("size", 10 * 1024);
        long budget = Duration.ofSeconds(options.integer("point-budget-seconds", 90)).toNanos();
        long timeout = Duration.ofSeconds(options.integer("delivery-timeout-seconds", 180)).toNanos();
        for (OperatorB b : bs) {
            checkPipeline(b, a);
        }
        for (OperatorB b : bs) {
            // JIT, pools and caches of each B warm up on both connection modes first; not recorded.
            for (Connections mode : Connections.values()) {
                System.out.println(point(b, a, mailboxes).run(mode, 0, options.integer("warm-up", 150), concurrency, size,
                    budget, timeout).summary().replace("run 0", "warm-up"));
            }
        }
        int messages = options.integer("messages", 400);
        for (int r = 1; r <= options.integer("repeat", 2); r++) {
            for (Connections mode : Connections.values()) {
                List<OperatorB> order = new ArrayList<>(bs);
                if (r % 2 == 0) {
                    java.util.Collections.reverse(order);
                }
                for (OperatorB b : order) {
                    InteropResult result = point(b, a, mailboxes).run(mode, r, messages, concurrency, size, budget, timeout);
                    results.add(result);
                    System.out.println(result.summary());
                }
            }
        }
    }

    /**
     * The comparison means something only if the Bs really differ: a sender domain outside the liste blanche is
     * refused by the trust checks and let through without them. Checked on every run, before any point.
     */
    private static void checkPipeline(OperatorB b, PeerOperator a) throws Exception {
        String reply;
        try (SmtpSession session = a.connect(b.port(ServerProcess.MX))) {
            reply = session.mailFrom("dpi@" + UNLISTED_DOMAIN);
        }
        boolean refused = reply.startsWith("550 5.7.1");
        if (refused != (b.pipeline() == Pipeline.TRUST_CHECKS)) {
            throw new IllegalStateException("B " + b.pipeline().label() + " answered MAIL FROM of a domain outside the"
                + " liste blanche with: " + reply);
        }
        System.out.println("[interop] B " + b.pipeline().label() + ": MAIL FROM outside the liste blanche -> " + reply);
    }

    private static InteropPoint point(OperatorB b, PeerOperator a, List<String> mailboxes) {
        return new InteropPoint(b, a, SENDER, mailboxes, PASSWORD);
    }

    private String report(String machineAtStart) {
        StringBuilder md = new StringBuilder("## Run of " + Instant.now() + "\n\n");
        machineAtStart.lines().forEach(line -> md.append("- ").append(line).append('\n'));
        md.append("- load average at end (1/5/15 min): ").append(Machine.loadAverages()).append("\n\n");
        md.append(InteropResult.tableHeader()).append('\n');
        results.forEach(result -> md.append(result.tableRow()).append('\n'));
        md.append("\n### Cost of the trust checks (means of this run's points; ratio = with / without)\n\n");
        md.append("| connections | accepted/s with | accepted/s without | ratio | cost | delivered/s with | delivered/s without | ratio | cost |\n");
        md.append("|---|---:|---:|---:|---:|---:|---:|---:|---:|\n");
        for (Connections mode : Connections.values()) {
            List<InteropResult> with = of(mode, Pipeline.TRUST_CHECKS);
            List<InteropResult> without = of(mode, Pipeline.NO_TRUST_CHECKS);
            if (with.isEmpty() || without.isEmpty()) {
                continue;
            }
            double aw = mean(with, InteropResult::acceptedPerSecond);
            double ao = mean(without, InteropResult::acceptedPerSecond);
            double dw = mean(with, InteropResult::deliveredPerSecond);
            double dout = mean(without, InteropResult::deliveredPerSecond);
            md.append(String.format(Locale.ROOT, "| %s | %.1f | %.1f | %.3f | %.1f %% | ", mode.label(), aw, ao, aw / ao,
                100 * (1 - aw / ao)));
            md.append(mode.delivers()
                ? String.format(Locale.ROOT, "%.1f | %.1f | %.3f | %.1f %% |\n", dw, dout, dw / dout, 100 * (1 - dw / dout))
                : "— | — | — | — |\n");
        }
        md.append("\n### CPU of B per delivered message (means; cost = 1 - without / with: the share of B's capacity the"
            + " trust checks take when B is CPU-bound)\n\n");
        md.append("| connections | B CPU ms/msg with | B CPU ms/msg without | cost | A CPU ms/msg with | A CPU ms/msg without |\n");
        md.append("|---|---:|---:|---:|---:|---:|\n");
        for (Connections mode : Connections.values()) {
            List<InteropResult> with = of(mode, Pipeline.TRUST_CHECKS);
            List<InteropResult> without = of(mode, Pipeline.NO_TRUST_CHECKS);
            if (with.isEmpty() || without.isEmpty()) {
                continue;
            }
            double bw = mean(with, InteropResult::bCpuMillisPerMessage);
            double bo = mean(without, InteropResult::bCpuMillisPerMessage);
            md.append(String.format(Locale.ROOT, "| %s | %.1f | %.1f | %.1f %% | %.1f | %.1f |\n", mode.label(), bw, bo,
                100 * (1 - bo / bw), mean(with, InteropResult::aCpuMillisPerMessage),
                mean(without, InteropResult::aCpuMillisPerMessage)));
        }
        List<InteropResult> sessionsWith = of(Connections.SESSION_ONLY, Pipeline.TRUST_CHECKS);
        List<InteropResult> sessionsWithout = of(Connections.SESSION_ONLY, Pipeline.NO_TRUST_CHECKS);
        List<InteropResult> messagesWith = of(Connections.NEW_PER_MESSAGE, Pipeline.TRUST_CHECKS);
        if (!sessionsWith.isEmpty() && !sessionsWithout.isEmpty() && !messagesWith.isEmpty()) {
            double perConnection = mean(sessionsWith, InteropResult::bCpuMillisPerMessage)
                - mean(sessionsWithout, InteropResult::bCpuMillisPerMessage);
            double perMessage = mean(messagesWith, InteropResult::bCpuMillisPerMessage);
            md.append(String.format(Locale.ROOT, "\nTrust checks on B per connection (session-only CPU with - without):"
                + " %.2f ms, i.e. %.1f %% of B's CPU per message with a new connection per message (%.1f ms).\n",
                perConnection, 100 * perConnection / perMessage, perMessage));
        }
        return md.toString();
    }

    private List<InteropResult> of(Connections mode, Pipeline pipeline) {
        return results.stream().filter(r -> r.connections() == mode && r.pipeline() == pipeline && r.complete()).toList();
    }

    private static double mean(List<InteropResult> results, ToDoubleFunction<InteropResult> metric) {
        return results.stream().mapToDouble(metric).average().orElse(Double.NaN);
    }



}
