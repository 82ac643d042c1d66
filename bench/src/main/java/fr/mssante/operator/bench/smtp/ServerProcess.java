package fr.mssante.operator.bench.smtp;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.concurrent.TimeUnit;

import fr.mssante.operator.server.home.FreePorts;
import fr.mssante.operator.server.home.ServerHome;
import fr.mssante.operator.server.home.TestOperator;
import fr.mssante.operator.server.home.WebAdminClient;
import fr.mssante.operator.server.home.WebAdminKeys;
import fr.mssante.operator.trust.pki.TestPki;

/**
 * A mail server under test in its own JVM: a fresh working directory whose configuration templates get free
 * loopback ports and a TEST PKI certificate, then {@code java -cp <its classpath> <main>}. The harness JVM only
 * talks to it over sockets (SMTP submission, IMAPS, WebAdmin).
 */
public final class ServerProcess implements ServerUnderTest {
    public static final int MX = 25;
    public static final int SUBMISSION = 587;
    public static final int IMAPS = 993;
    private static final int WEBADMIN = 8000;
    /** The listeners of the production conf/ (SMTP, submission, IMAP, WebAdmin). */
    public static final int[] DURABLE_LISTENERS = {25, 587, 465, 588, 143, 993, 8000};
    public static final String KEYSTORE_SECRET = "bench-keystore-secret";
    private static final String DURABLE_MAIN = "fr.mssante.operator.server.MssanteServerMain";

    private final String name;
    private final ServerHome home;
    private final String classpath;
    private final String mainClass;
    private final List<String> jvmOptions;
    private final Map<Integer, Integer> ports;
    private final WebAdminClient webAdmin;
    private Process process;

    private ServerProcess(String name, ServerHome home, String classpath, String mainClass, List<String> jvmOptions,
                          Map<Integer, Integer> ports, WebAdminClient webAdmin) {
        this.name = name;
        this.home = home;
        this.classpath = classpath;
        this.mainClass = mainClass;
        this.jvmOptions = jvmOptions;
        this.ports = ports;
        this.webAdmin = webAdmin;
    }

    /**
     * Our durable server with the production conf/ of the repository (ports moved, loopback only, nothing else
     * changed), its operator certificate from a TEST hierarchy, and a liste blanche listing the bench domain for it,
     * as the server tests' homes have: submission only accepts recipients of the trust space.
     */
    static ServerProcess durable(Path root, Path templates, String classpath, List<String> jvmOptions) throws Exception {
        Map<Integer, Integer> ports = FreePorts.forProductionPorts(DURABLE_LISTENERS);
        ServerHome home = install(root, templates, ports);
        home.useLoopbackDns();
        TestPki pki = TestPki.create(root.resolve("test-pki"));
        Path listeBlanche = root.resolve("listeblanche.xml");
        TestOperator operator = TestOperator.install(home, pki, "mx." + SmtpLoad.DOMAIN, "OPERATEUR DE TEST",
            KEYSTORE_SECRET, listeBlanche);
        pki.writeListeBlanche(listeBlanche, Map.of(SmtpLoad.DOMAIN, List.of(operator.certificate())));
        return durable("durable", home, ports, classpath, jvmOptions);
    }

    /**
     * Our durable server in a home the caller installed with {@link #install} and prepared (operator certificate,
     * liste blanche, conf changes) before {@link #start}.
     */
    public static ServerProcess durable(String name, ServerHome home, Map<Integer, Integer> ports, String classpath,
                                        List<String> jvmOptions) {
        String token = WebAdminKeys.ofHome(home).adminToken("bench@localhost", Duration.ofHours(24));
        return new ServerProcess(name, home, classpath, DURABLE_MAIN, jvmOptions, ports, webAdminClient(ports, token));
    }

    /** The James 3.8.1 memory app with bench/memory-app/conf (its default mail pipeline: no mailetcontainer.xml). */
    static ServerProcess memoryApp(Path root, Path templates, String classpath, List<String> jvmOptions) throws Exception {
        Map<Integer, Integer> ports = FreePorts.forProductionPorts(587, 993, 8000);
        ServerHome home = install(root, templates, ports);
        TestPki.create(root.resolve("test-pki"))
            .issueServerCertificate("mx." + SmtpLoad.DOMAIN, "1750000001", "OPERATEUR DE TEST")
            .writePkcs12(home.tlsKeystore(), KEYSTORE_SECRET.toCharArray());
        // Its WebAdmin has no authentication (loopback only); the header is ignored.
        return new ServerProcess("memory-app", home, classpath, "org.apache.james.MemoryJamesServerMain",
            jvmOptions, ports, webAdminClient(ports, "unused"));
    }

    /** The templates installed in a fresh home at {@code root}, listeners on {@code ports}, loopback only. */
    public static ServerHome install(Path root, Path templates, Map<Integer, Integer> ports) throws IOException {
        ServerHome home = ServerHome.at(root);
        home.installConfiguration(templates, port -> {
            Integer mapped = ports.get(port);
            if (mapped == null) {
                throw new IllegalArgumentException("No free port chosen for listener " + port + " in " + templates);
            }
            return mapped;
        }, KEYSTORE_SECRET);
        bindLoopbackOnly(home);
        Files.createDirectories(root.resolve("var/log"));
        return home;
    }

    /** The production templates listen on 0.0.0.0; a bench server must not be reachable from outside the machine. */
    private static void bindLoopbackOnly(ServerHome home) throws IOException {
        try (var files = Files.list(home.conf())) {
            for (Path file : (Iterable<Path>) files.filter(f -> f.toString().endsWith(".xml"))::iterator) {
                String content = Files.readString(file);
                Files.writeString(file, content.replace("<bind>0.0.0.0:", "<bind>127.0.0.1:"));
            }
        }
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public int port(int productionPort) {
        return ports.get(productionPort);
    }

    public WebAdminClient webAdmin() {
        return webAdmin;
    }

    @Override
    public void start(Duration timeout) throws Exception {
        Path java = Path.of(System.getProperty("java.home"), "bin", "java");
        List<String> command = new java.util.ArrayList<>();
        command.add(java.toString());
        command.addAll(jvmOptions);
        command.add("-Dworking.directory=" + home.root());
        command.add("-Dlogback.configurationFile=" + home.conf().resolve("logback.xml"));
        command.add("-cp");
        command.add(classpath);
        command.add(mainClass);
        Path log = home.root().resolve("var/log/stdout.log");
        process = new ProcessBuilder(command)
            .directory(home.root().toFile())
            .redirectErrorStream(true)
            .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()))
            .start();
        Process started = process;
        // Ctrl-C or a crash of the harness must not leave a server running on the shared machine.
        Runtime.getRuntime().addShutdownHook(new Thread(started::destroyForcibly, "bench-stop-" + name));
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new IllegalStateException(name + " exited with " + process.exitValue() + ", see " + log);
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
        throw new IllegalStateException(name + " not ready within " + timeout + ", see " + log);
    }

    /** Domain, accounts and their INBOX (so STATUS INBOX answers 0 before the first delivery). */
    @Override
    public void provision(String domain, List<Account> accounts) throws Exception {
        webAdmin.ensureDomain(domain);
        for (Account account : accounts) {
            webAdmin.ensureUser(account.address(), account.password());
            int status = webAdmin.put("/users/" + account.address() + "/mailboxes/INBOX", "").statusCode();
            if (status / 100 != 2) {
                throw new IllegalStateException(name + ": cannot create the INBOX of " + account.address() + ": HTTP " + status);
            }
        }
    }

    /**
     * CPU time the server's JVM has used so far (all threads, user + system). Differences between two points give
     * the server's CPU cost per message, which other load on a shared machine disturbs far less than a rate.
     */
    @Override
    public double cpuSeconds() {
        return process.toHandle().info().totalCpuDuration()
            .orElseThrow(() -> new IllegalStateException("no CPU time for the " + name + " process on this OS"))
            .toNanos() / 1e9;
    }

    @Override
    public OptionalLong singleProcess() {
        return OptionalLong.of(process.pid());
    }

    /** SIGTERM, then SIGKILL after 30 s: a bench never leaves a server behind. */
    @Override
    public void close() throws InterruptedException {
        if (process != null && process.isAlive()) {
            process.destroy();
            if (!process.waitFor(30, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor();
            }
        }
    }

    private static WebAdminClient webAdminClient(Map<Integer, Integer> ports, String token) {
        return new WebAdminClient(URI.create("http://127.0.0.1:" + ports.get(WEBADMIN)), token);
    }
}
