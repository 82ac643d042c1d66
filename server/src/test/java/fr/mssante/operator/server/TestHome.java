package fr.mssante.operator.server;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import fr.mssante.operator.server.home.FreePorts;
import fr.mssante.operator.server.home.ServerHome;
import fr.mssante.operator.server.home.TestOperator;
import fr.mssante.operator.server.home.WebAdminClient;
import fr.mssante.operator.server.home.WebAdminKeys;
import fr.mssante.operator.trust.pki.TestPki;

/**
 * A server working directory for tests: production configuration from the repository's conf/, every listener moved
 * to a free loopback port, an operator certificate from a TEST hierarchy, and WebAdmin JWT keys of its own.
 */
final class TestHome {
    static final Path TEMPLATES = Path.of("..", "conf");
    static final String KEYSTORE_SECRET = "test-keystore-secret";

    final ServerHome home;
    final TestOperator operator;
    private final Map<Integer, Integer> ports;
    private final WebAdminKeys webAdminKeys;

    private TestHome(ServerHome home, TestOperator operator, Map<Integer, Integer> ports) {
        this.home = home;
        this.operator = operator;
        this.ports = ports;
        this.webAdminKeys = WebAdminKeys.ofHome(home);
    }

    /** One operator alone in its trust space: the liste blanche lists {@code domain} for its own certificate. */
    static TestHome install(Path root, String domain) throws Exception {
        TestPki pki = TestPki.create(root.resolve("test-pki"));
        Path listeBlanche = root.resolve("listeblanche.xml");
        TestHome home = install(root.resolve("server"), pki, "mx." + domain, listeBlanche);
        writeListeBlanche(pki, listeBlanche, Map.of(domain, home.operator.certificate()));
        return home;
    }

    /** An operator of a shared TEST hierarchy; write the liste blanche before starting it. */
    static TestHome install(Path root, TestPki pki, String fqdn, Path listeBlanche) throws Exception {
        ServerHome home = ServerHome.at(root);
        Map<Integer, Integer> ports = FreePorts.forProductionPorts(25, 587, 465, 588, 143, 993, 8000);
        home.installConfiguration(TEMPLATES, port -> ports.getOrDefault(port, port), KEYSTORE_SECRET);
        PostgresDatabase.useIfRequested(home.conf());
        home.useLoopbackDns();
        TestOperator operator = TestOperator.install(home, pki, fqdn, "OPERATEUR " + fqdn.toUpperCase(),
            KEYSTORE_SECRET, listeBlanche);
        Files.createDirectories(root.resolve("var"));
        return new TestHome(home, operator, ports);
    }

    static void writeListeBlanche(TestPki pki, Path file, Map<String, X509Certificate> operators) throws IOException {
        Map<String, List<X509Certificate>> domains = new HashMap<>();
        operators.forEach((domain, certificate) -> domains.put(domain, List.of(certificate)));
        pki.writeListeBlanche(file, domains);
    }

    /** Relay retries every second, up to {@code attempts}: the production schedule (5 s ... hourly) is too slow for a test. */
    void fastRelayRetries(int attempts) throws IOException {
        Path mailetContainer = home.conf().resolve("mailetcontainer.xml");
        String content = Files.readString(mailetContainer);
        Files.writeString(mailetContainer, content
            .replace("<delays>PT5S,PT1M,PT15M,PT1H</delays>", "<delays>PT1S</delays>")
            .replace("<maxAttempts>8</maxAttempts>", "<maxAttempts>" + attempts + "</maxAttempts>"));
    }

    Path root() {
        return home.root();
    }

    /** The port that replaces production port {@code productionPort} in this home. */
    int port(int productionPort) {
        return ports.get(productionPort);
    }

    WebAdminClient webAdmin() {
        return new WebAdminClient(URI.create("http://127.0.0.1:" + port(8000)), adminToken());
    }

    String adminToken() {
        return webAdminKeys.adminToken("admin@test", Duration.ofHours(1));
    }
}
