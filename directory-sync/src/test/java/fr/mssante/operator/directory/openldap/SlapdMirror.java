package fr.mssante.operator.directory.openldap;

import com.unboundid.ldap.sdk.LDAPConnectionOptions;
import com.unboundid.ldap.sdk.LDAPConnectionPool;
import com.unboundid.ldap.sdk.LDAPException;
import com.unboundid.ldap.sdk.SimpleBindRequest;
import com.unboundid.ldap.sdk.SingleServerSet;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A throw-away OpenLDAP slapd on a free loopback port, started by {@code conf/ldap/openldap-mirror.sh}: the same
 * script, schema and indexes operators and the benchmark use. Needs Debian's {@code slapd} and {@code ldap-utils}.
 */
final class SlapdMirror implements AutoCloseable {
    static final String ROOT_DN = "cn=admin,o=annuaire-sante,c=fr";
    private static final Path SCRIPT = Path.of("..", "conf", "ldap", "openldap-mirror.sh").toAbsolutePath().normalize();
    private static final List<Path> NEEDED = List.of(Path.of("/usr/sbin/slapd"), Path.of("/usr/sbin/slapadd"),
            Path.of("/usr/sbin/slappasswd"), Path.of("/usr/bin/ldapsearch"));

    private final Path dir;
    private final int port;
    private final long pid;

    private SlapdMirror(Path dir, int port, long pid) {
        this.dir = dir;
        this.port = port;
        this.pid = pid;
    }

    /** Null when everything needed is installed, else what is missing (the reason to skip). */
    static String missing() {
        List<String> missing = new ArrayList<>();
        NEEDED.stream().filter(p -> !Files.isExecutable(p)).forEach(p -> missing.add(p.toString()));
        if (!Files.isExecutable(SCRIPT)) {
            missing.add(SCRIPT.toString());
        }
        return missing.isEmpty() ? null : "OpenLDAP tests skipped: " + String.join(", ", missing)
                + " not found (install with: bash conf/ldap/install-openldap.sh, i.e. apt-get install slapd ldap-utils)";
    }

    /** Starts slapd in {@code dir} (new or empty); {@code mode}: nothing, "--sample", or "--ldif", FILE. */
    static SlapdMirror start(Path dir, String... mode) throws IOException, InterruptedException {
        int port = freePort();
        List<String> command = new ArrayList<>(List.of(SCRIPT.toString(), dir.toString(), String.valueOf(port)));
        command.addAll(List.of(mode));
        Path log = Files.createTempFile("slapd-mirror", ".log");
        Process script = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
        if (!script.waitFor(60, TimeUnit.SECONDS) || script.exitValue() != 0) {
            script.destroy();
            throw new IOException("openldap-mirror.sh failed: " + Files.readString(log));
        }
        return new SlapdMirror(dir, port, Long.parseLong(Files.readString(dir.resolve("slapd.pid")).trim()));
    }

    int port() {
        return port;
    }

    String adminPassword() throws IOException {
        return Files.readString(dir.resolve("admin.password"));
    }

    LDAPConnectionPool pool(int size) throws LDAPException, IOException {
        LDAPConnectionOptions options = new LDAPConnectionOptions();
        options.setResponseTimeoutMillis(30_000);
        return new LDAPConnectionPool(new SingleServerSet("127.0.0.1", port, options),
                new SimpleBindRequest(ROOT_DN, Files.readString(dir.resolve("admin.password"))), 1, size);
    }

    @Override
    public void close() throws Exception {
        ProcessHandle.of(pid).ifPresent(slapd -> {
            slapd.destroy();
            slapd.onExit().orTimeout(20, TimeUnit.SECONDS).join();
        });
    }

    static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }
}
