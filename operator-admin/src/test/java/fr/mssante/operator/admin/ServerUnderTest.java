package fr.mssante.operator.admin;

import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import fr.mssante.operator.server.home.FreePorts;
import fr.mssante.operator.server.home.ServerHome;
import fr.mssante.operator.server.home.TestOperator;
import fr.mssante.operator.server.home.WebAdminClient;
import fr.mssante.operator.server.home.WebAdminKeys;
import fr.mssante.operator.trust.pki.TestPki;

/**
 * The real durable MSSanté server in a child JVM, run from the server module's build output
 * ({@code server/target/classes} and {@code server/target/classpath.txt}), in a fresh home made from the
 * repository's production conf/: every listener on a free loopback port, a TEST PKI operator certificate, its own
 * WebAdmin JWT key pair. James never loads in the test JVM (Spring Boot 3 and James 3.8.1 do not share a classpath).
 */
final class ServerUnderTest implements AutoCloseable {
    static final String DOMAIN = "console.mssante.test";
    private static final Path MODULE_ROOT = Path.of("..").toAbsolutePath().normalize();
    private static final int[] LISTENERS = {25, 587, 465, 588, 143, 993, 8000};
    private static final String KEYSTORE_SECRET = "console-test-secret";

    private final ServerHome home;
    private final Map<Integer, Integer> ports;
    private final Path log;
    private Process process;

    private ServerUnderTest(ServerHome home, Map<Integer, Integer> ports) {
        this.home = home;
        this.ports = ports;
        this.log = home.root().resolve("var/log/stdout.log");
    }

    static ServerUnderTest install(Path root) throws IOException {
        Map<Integer, Integer> ports = FreePorts.forProductionPorts(LISTENERS);
        ServerHome home = ServerHome.at(root.resolve("server"));
        home.installConfiguration(MODULE_ROOT.resolve("conf"), port -> {
            Integer mapped = ports.get(port);
            if (mapped == null) {
                throw new IllegalStateException("conf/ has a listener on " + port + " that this test does not move");
            }
            return mapped;
        }, KEYSTORE_SECRET);
        home.useLoopbackDns();
        loopbackOnly(home);
        TestPki pki = TestPki.create(root.resolve("test-pki"));
        Path listeBlanche = root.resolve("listeblanche.xml");
        TestOperator operator = TestOperator.install(home, pki, "mx." + DOMAIN, "OPERATEUR CONSOLE", KEYSTORE_SECRET,
            listeBlanche);
        pki.writeListeBlanche(listeBlanche, Map.of(DOMAIN, List.of(operator.certificate())));
        WebAdminKeys.ofHome(home);
        Files.createDirectories(home.root().resolve("var/log"));
        return new ServerUnderTest(home, ports);
    }

    void start() throws Exception {
        Path classes = MODULE_ROOT.resolve("server/target/classes");
        Path classpath = MODULE_ROOT.resolve("server/target/classpath.txt");
        if (!Files.isDirectory(classes) || !Files.isRegularFile(classpath)) {
            throw new IllegalStateException("The server module is not built (" + classpath + " missing): run"
                + " 'mvn -pl operator-admin -am verify' from the repository root, or 'mvn -pl server -am package -DskipTests' first");
        }
        List<String> command = new ArrayList<>(List.of(
            Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-Xmx512m",
            "-Dworking.directory=" + home.root(),
            "-Dlogback.configurationFile=" + home.conf().resolve("logback.xml"),
            "-cp", classes + java.io.File.pathSeparator + Files.readString(classpath, StandardCharsets.UTF_8).trim(),
            "fr.mssante.operator.server.MssanteServerMain"));
        process = new ProcessBuilder(command)
            .directory(home.root().toFile())
            .redirectErrorStream(true)
            .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()))
            .start();
        Process started = process;
        Runtime.getRuntime().addShutdownHook(new Thread(started::destroyForcibly, "console-test-server-stop"));
        WebAdminClient webAdmin = webAdmin();
        long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(3);
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new IllegalStateException("the server exited with " + process.exitValue() + ", see " + log);
            }
            try {
                if (webAdmin.get("/healthcheck").statusCode() == 200) {
                    return;
                }
            } catch (IOException notListeningYet) {
                // still starting
            }
            Thread.sleep(250);
        }
        throw new IllegalStateException("the server did not answer GET /healthcheck within 3 minutes, see " + log);
    }

    /** SIGTERM, as an operator's service manager stops it; waits for the JVM to exit. */
    void stop() throws InterruptedException {
        if (process != null && process.isAlive()) {
            process.destroy();
            if (!process.waitFor(60, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor();
            }
        }
    }

    URI webAdminUrl() {
        return URI.create("http://127.0.0.1:" + port(8000));
    }

    int port(int productionPort) {
        return ports.get(productionPort);
    }

    /** The private key behind the server's conf/webadmin-jwt-public.pem, as the demo keeps it. */
    Path webAdminPrivateKey() {
        return home.secrets().resolve("webadmin-jwt-private.der");
    }

    /** The test's own admin client (the server module's), to provision what the console must then show. */
    WebAdminClient webAdmin() {
        return new WebAdminClient(webAdminUrl(),
            WebAdminKeys.ofHome(home).adminToken("console-test", Duration.ofMinutes(30)));
    }

    @Override
    public void close() throws InterruptedException {
        stop();
    }

    private static void loopbackOnly(ServerHome home) throws IOException {
        try (Stream<Path> files = Files.list(home.conf())) {
            for (Path file : (Iterable<Path>) files.filter(f -> f.toString().endsWith(".xml"))::iterator) {
                Files.writeString(file, Files.readString(file).replace("<bind>0.0.0.0:", "<bind>127.0.0.1:"));
            }
        }
    }
}
