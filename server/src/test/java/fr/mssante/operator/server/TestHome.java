package fr.mssante.operator.server;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;

import fr.mssante.operator.server.home.ServerHome;
import fr.mssante.operator.server.home.WebAdminClient;
import fr.mssante.operator.server.home.WebAdminKeys;

/**
 * A server working directory for tests: production configuration from the repository's conf/, every listener moved
 * to a free loopback port, a TLS certificate and WebAdmin JWT keys of its own.
 */
final class TestHome {
    static final Path TEMPLATES = Path.of("..", "conf");
    static final String KEYSTORE_SECRET = "test-keystore-secret";

    final ServerHome home;
    private final Map<Integer, Integer> ports = new HashMap<>();
    private final WebAdminKeys webAdminKeys;

    private TestHome(ServerHome home) {
        this.home = home;
        this.webAdminKeys = WebAdminKeys.ofHome(home);
    }

    static TestHome install(Path root) throws Exception {
        TestHome test = new TestHome(ServerHome.at(root));
        for (int port : new int[] {25, 587, 465, 143, 993, 8000}) {
            test.ports.put(port, freePort());
        }
        test.home.installConfiguration(TEMPLATES, port -> test.ports.getOrDefault(port, port), KEYSTORE_SECRET);
        TestCertificates.writeServerKeystore(test.home.tlsKeystore(), "mx.test.mssante.test", KEYSTORE_SECRET);
        Files.createDirectories(root.resolve("var"));
        return test;
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

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            socket.setReuseAddress(true);
            return socket.getLocalPort();
        }
    }
}
