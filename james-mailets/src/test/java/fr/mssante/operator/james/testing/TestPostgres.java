package fr.mssante.operator.james.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.stream.Stream;

import org.junit.jupiter.api.Assumptions;

/**
 * The PostgreSQL the tests run on: {@code MSSANTE_TEST_POSTGRES_URL} when set (an admin JDBC URL, e.g.
 * {@code jdbc:postgresql://127.0.0.1:5432/postgres?user=postgres}); otherwise ONE private throw-away cluster for this
 * JVM, started by {@code conf/postgres/throwaway-postgres.sh} on a free loopback port, stopped and deleted at exit;
 * otherwise (PostgreSQL not installed) the calling test is skipped with the reason. Shared with the server's tests
 * through this module's test jar, which holds this package only.
 */
public final class TestPostgres {
    public static final String URL_VARIABLE = "MSSANTE_TEST_POSTGRES_URL";
    private static final Path SCRIPT =
        Path.of("..", "conf", "postgres", "throwaway-postgres.sh").toAbsolutePath().normalize();
    private static final Path BINARIES = Path.of("/usr/lib/postgresql");

    private static String clusterUrl;
    private static IllegalStateException clusterFailure;

    private TestPostgres() {
    }

    /** An admin JDBC URL (may create databases); assumption failure (skip) when no PostgreSQL can be had. */
    public static synchronized String adminUrl() {
        String configured = System.getenv(URL_VARIABLE);
        if (configured != null && !configured.isBlank()) {
            return configured;
        }
        if (!installed()) {
            String reason = "PostgreSQL tests skipped: " + URL_VARIABLE + " is not set and PostgreSQL is not installed"
                + " (initdb and pg_ctl under " + BINARIES + "/*/bin, and " + SCRIPT + ")"
                + ": install with bash conf/postgres/install-postgresql.sh";
            // Printed too: Maven reports a class skipped in @BeforeAll as "Tests run: 0", without the reason.
            System.out.println("mssante.test.postgres " + reason);
            Assumptions.abort(reason);
        }
        if (clusterFailure != null) {
            throw clusterFailure;
        }
        if (clusterUrl == null) {
            try {
                clusterUrl = startCluster();
            } catch (IOException | InterruptedException | IllegalStateException e) {
                clusterFailure = e instanceof IllegalStateException failure ? failure
                    : new IllegalStateException("throw-away PostgreSQL could not be started: " + e, e);
                throw clusterFailure;
            }
        }
        return clusterUrl;
    }

    private static boolean installed() {
        if (!Files.isExecutable(SCRIPT) || !Files.isDirectory(BINARIES)) {
            return false;
        }
        try (Stream<Path> versions = Files.list(BINARIES)) {
            return versions.anyMatch(version -> Files.isExecutable(version.resolve("bin/initdb"))
                && Files.isExecutable(version.resolve("bin/pg_ctl")));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String startCluster() throws IOException, InterruptedException {
        Path dir = Files.createTempDirectory("mssante-postgres-");
        int port;
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            port = socket.getLocalPort();
        }
        // Registered before starting: a failed start may leave files, or a server that must not outlive this JVM.
        Runtime.getRuntime().addShutdownHook(new Thread(() -> stopAndDelete(dir), "throwaway-postgres-stop"));
        String output = run("start", dir.toString(), String.valueOf(port)).strip();
        String url = output.substring(output.lastIndexOf('\n') + 1);
        System.out.println("mssante.test.postgres throw-away cluster " + url + " in " + dir);
        return url;
    }

    private static void stopAndDelete(Path dir) {
        try {
            if (Files.exists(dir.resolve("data/postmaster.pid"))) {
                run("stop", dir.toString());
            }
            try (Stream<Path> files = Files.walk(dir)) {
                files.sorted(Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
            }
        } catch (IOException | InterruptedException | IllegalStateException e) {
            System.err.println("mssante.test.postgres could not stop or delete " + dir + ": " + e);
        }
    }

    /** Runs the script; on failure, its output (with the PostgreSQL log tail) is the exception's message. */
    private static String run(String... arguments) throws IOException, InterruptedException {
        Process process = new ProcessBuilder(Stream.concat(Stream.of(SCRIPT.toString()), Stream.of(arguments)).toList())
            .redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (process.waitFor() != 0) {
            throw new IllegalStateException("throw-away PostgreSQL: " + SCRIPT + " " + String.join(" ", arguments)
                + " failed:\n" + output);
        }
        return output;
    }
}
