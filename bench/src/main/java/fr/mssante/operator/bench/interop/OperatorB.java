package fr.mssante.operator.bench.interop;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import fr.mssante.operator.server.home.ServerHome;
import fr.mssante.operator.server.home.TestOperator;
import fr.mssante.operator.server.home.WebAdminClient;
import fr.mssante.operator.server.home.WebAdminKeys;
import fr.mssante.operator.trust.pki.TestPki;

/**
 * Operator B, our durable server in its own JVM: the repository's conf/ installed in a fresh home (free loopback
 * ports, loopback DNS), a SERV SSL certificate of the shared TEST hierarchy, the shared liste blanche, and the
 * port-25 pipeline of {@link Pipeline}. The bench talks to it over sockets only.
 */
final class OperatorB implements AutoCloseable {
    static final int MX = 25;
    static final int IMAPS = 993;
    private static final int WEBADMIN = 8000;
    private static final int[] LISTENERS = {25, 587, 465, 588, 143, 993, 8000};
    private static final String KEYSTORE_SECRET = "bench-keystore-secret";

    private final Pipeline pipeline;
    private final ServerHome home;
    private final Map<Integer, Integer> ports;
    private final TestOperator operator;
    private final WebAdminClient webAdmin;
    private Process process;

    private OperatorB(Pipeline pipeline, ServerHome home, Map<Integer, Integer> ports, TestOperator operator) {
        this.pipeline = pipeline;
        this.home = home;
        this.ports = ports;
        this.operator = operator;
        String token = WebAdminKeys.ofHome(home).adminToken("bench@localhost", Duration.ofHours(24));
        this.webAdmin = new WebAdminClient(URI.create("http://127.0.0.1:" + ports.get(WEBADMIN)), token);
    }

    /** Installs the home; write the liste blanche (with {@link #operator()}'s certificate) before {@link #start}. */
    static OperatorB install(Path root, Path templates, Pipeline pipeline, TestPki pki, String fqdn,
                             Path listeBlanche) throws IOException {
        Map<Integer, Integer> ports = new HashMap<>();
        for (int port : LISTENERS) {
            ports.put(port, freePort());
        }
        ServerHome home = ServerHome.at(root);
        home.installConfiguration(templates, port -> {
            Integer mapped = ports.get(port);
            if (mapped == null) {
                throw new IllegalArgumentException("No free port chosen for listener " + port + " in " + templates);
            }
            return mapped;
        }, KEYSTORE_SECRET);
        bindLoopbackOnly(home);
        home.useLoopbackDns();
        TestOperator operator = TestOperator.install(home, pki, fqdn, "OPERATEUR B " + pipeline.name(),
            KEYSTORE_SECRET, listeBlanche);
        pipeline.applyTo(home.conf().resolve("smtpserver.xml"));
        Files.createDirectories(root.resolve("var/log"));
        return new OperatorB(pipeline, home, ports, operator);
    }

    /** The production templates listen on 0.0.0.0; a bench server must not be reachable from outside. */
    private static void bindLoopbackOnly(ServerHome home) throws IOException {
        try (var files = Files.list(home.conf())) {
            for (Path file : (Iterable<Path>) files.filter(f -> f.toString().endsWith(".xml"))::iterator) {
                String content = Files.readString(file, StandardCharsets.UTF_8);
                Files.writeString(file, content.replace("<bind>0.0.0.0:", "<bind>127.0.0.1:"), StandardCharsets.UTF_8);
            }
        }
    }

    /**
     * Turns on James's read cache of the domain list (off in conf/domainlist.xml): every RCPT asks the domain list
     * whether the recipient's domain is local, once per RCPT hook that checks it, and without the cache each ask is a
     * database query. An experiment option of the bench, applied to both Bs alike.
     */
    void enableDomainListCache() throws IOException {
        Path domainList = home.conf().resolve("domainlist.xml");
        String content = Files.readString(domainList, StandardCharsets.UTF_8);
        if (!content.contains("</domainlist>")) {
            throw new IllegalStateException(domainList + " has no </domainlist>");
        }
        Files.writeString(domainList, content.replace("</domainlist>",
            "    <read><cache><enable>true</enable><expiracy>10s</expiracy></cache></read>\n</domainlist>"),
            StandardCharsets.UTF_8);
    }

    Pipeline pipeline() {
        return pipeline;
    }

    TestOperator operator() {
        return operator;
    }

    int port(int productionPort) {
        return ports.get(productionPort);
    }

    void start(String classpath, List<String> jvmOptions, Duration timeout) throws Exception {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.addAll(jvmOptions);
        command.add("-Dworking.directory=" + home.root());
        command.add("-Dlogback.configurationFile=" + home.conf().resolve("logback.xml"));
        command.add("-cp");
        command.add(classpath);
        command.add("fr.mssante.operator.server.MssanteServerMain");
        Path log = home.root().resolve("var/log/stdout.log");
        process = new ProcessBuilder(command).directory(home.root().toFile()).redirectErrorStream(true)
            .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile())).start();
        Process started = process;
        // A crash or Ctrl-C of the bench must not leave a server running on the shared machine.
        Runtime.getRuntime().addShutdownHook(new Thread(started::destroyForcibly, "bench-stop-b"));
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new IllegalStateException("B (" + pipeline.label() + ") exited with " + process.exitValue()
                    + ", see " + log);
            }
            try {
                if (webAdmin.get("/healthcheck").statusCode() == 200) {
                    return;
                }
            } catch (IOException notYetListening) {
                // keep polling
            }
            Thread.sleep(250);
        }
        throw new IllegalStateException("B (" + pipeline.label() + ") not ready within " + timeout + ", see " + log);
    }

    /** CPU time B's JVM has used so far (all its threads: SMTP, spool, delivery, GC, JIT). */
    Duration cpu() {
        return process.info().totalCpuDuration()
            .orElseThrow(() -> new IllegalStateException("This OS does not report the CPU time of B's JVM"));
    }

    /** B's domain and its mailboxes, each with an INBOX so STATUS answers 0 before the first delivery. */
    void provision(String domain, List<String> mailboxes, String password) throws Exception {
        webAdmin.ensureDomain(domain);
        for (String mailbox : mailboxes) {
            webAdmin.ensureMailbox(mailbox, "ORG", "Bench mailbox of operator B", password);
            int status = webAdmin.put("/users/" + mailbox + "/mailboxes/INBOX", "").statusCode();
            if (status / 100 != 2) {
                throw new IllegalStateException("Cannot create the INBOX of " + mailbox + ": HTTP " + status);
            }
        }
    }

    /** SIGTERM, then SIGKILL after 30 s. */
    @Override
    public void close() throws InterruptedException {
        if (process != null && process.isAlive()) {
            process.destroy();
            if (!process.waitFor(30, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor();
            }
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}
