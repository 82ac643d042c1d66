package fr.mssante.operator.bench.smtp;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.GroupPrincipal;
import java.nio.file.attribute.PosixFileAttributeView;
import java.nio.file.attribute.PosixFilePermissions;
import java.nio.file.attribute.UserPrincipalLookupService;
import java.nio.file.attribute.UserPrincipalNotFoundException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import fr.mssante.operator.server.home.FreePorts;

/**
 * Postfix (submission, queue) delivering over LMTP to Dovecot (Maildir, IMAPS), the reference of issue 2, as a
 * server under test: Debian's packages (bench/postfix-dovecot/setup.sh installs them) started as a private instance
 * per run with the configuration templates of bench/postfix-dovecot/ written into the run's folder: free loopback
 * ports, a self-signed certificate made by openssl for this run, the bench's accounts in a passwd-file.
 *
 * <p>Layout of its home: {@code postfix/conf} (main.cf, master.cf, the mailbox and sender maps),
 * {@code postfix/queue}, {@code postfix/data}, {@code dovecot/} (dovecot.conf, users, state), {@code mail/} (the
 * Maildirs, owned by vmail), {@code tls/}, {@code log/} (postfix.log, dovecot.log, commands.log). Dovecot's
 * sockets go to a short folder under /tmp (Unix socket paths are limited to 108 bytes), removed at {@link #close}.
 */
final class PostfixDovecot implements ServerUnderTest {
    static final String NAME = "postfix-dovecot";
    static final String FEATURES_NAME = "postfix-dovecot-features";
    private static final Duration STOP_TIMEOUT = Duration.ofSeconds(30);

    private final String name;
    private final Path home;
    private final Path runtime;
    private final String domain;
    private final Map<Integer, Integer> ports;
    /** The pid file of each master launched so far, and its pid once read (also read by the shutdown hook). */
    private final Map<Path, Long> masters = new LinkedHashMap<>();
    private Thread exitHook;

    private PostfixDovecot(String name, Path home, Path runtime, String domain, Map<Integer, Integer> ports) {
        this.name = name;
        this.home = home;
        this.runtime = runtime;
        this.domain = domain;
        this.ports = ports;
    }

    /**
     * A fresh home at {@code home} from the {@code templates} (bench/postfix-dovecot/) for mailboxes of {@code domain};
     * with {@code features}, Dovecot also runs what the durable server runs at each delivery (dovecot-features.conf:
     * quota, Sieve, a full-text index built at delivery).
     */
    static PostfixDovecot install(Path home, Path templates, String domain, boolean features) throws Exception {
        requireSetup();
        Files.createDirectories(home.resolve("postfix/conf"));
        Files.createDirectories(home.resolve("postfix/queue")); // data/ is created by Postfix itself, owned by postfix
        Files.createDirectories(home.resolve("dovecot/state"));
        Files.createDirectories(home.resolve("tls"));
        Files.createDirectories(home.resolve("log"));
        Path mail = Files.createDirectories(home.resolve("mail"));
        chown(mail, "vmail", "vmail");
        Files.setPosixFilePermissions(mail, PosixFilePermissions.fromString("rwx------"));
        Path runtime = Files.createTempDirectory("bench-pfdc",
            PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwxr-xr-x")));

        try {
            Map<Integer, Integer> ports = FreePorts.forProductionPorts(ServerProcess.SUBMISSION, ServerProcess.IMAPS);
            Map<String, String> values = Map.of(
                "@HOME@", home.toString(),
                "@RUNTIME@", runtime.toString(),
                "@DOMAIN@", domain,
                "@NAME@", home.getFileName().toString(),
                "@SUBMISSION@", "127.0.0.1:" + ports.get(ServerProcess.SUBMISSION),
                "@IMAPS@", String.valueOf(ports.get(ServerProcess.IMAPS)),
                "@VMAIL_UID@", String.valueOf(Files.getAttribute(mail, "unix:uid")));
            writeTemplate(templates.resolve("main.cf"), home.resolve("postfix/conf/main.cf"), values);
            writeTemplate(templates.resolve("master.cf"), home.resolve("postfix/conf/master.cf"), values);
            writeTemplate(templates.resolve("dovecot.conf"), home.resolve("dovecot/dovecot.conf"), values);
            if (features) {
                Files.writeString(home.resolve("dovecot/dovecot.conf"),
                    "\n" + Files.readString(templates.resolve("dovecot-features.conf")), StandardOpenOption.APPEND);
            }

            PostfixDovecot server = new PostfixDovecot(features ? FEATURES_NAME : NAME, home, runtime, domain, ports);
            server.run("openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "7",
                "-subj", "/CN=mx." + domain, "-addext", "subjectAltName=DNS:mx." + domain,
                "-keyout", home.resolve("tls/key.pem").toString(), "-out", home.resolve("tls/cert.pem").toString());
            Files.setPosixFilePermissions(home.resolve("tls/key.pem"), PosixFilePermissions.fromString("rw-------"));
            server.writeAccounts(List.of());
            return server;
        } catch (Exception e) {
            deleteRecursively(runtime);
            throw e;
        }
    }

    private static void requireSetup() throws IOException {
        if (!"root".equals(System.getProperty("user.name"))) {
            throw new IllegalStateException("The postfix server needs root (postfix start, dovecot, a vmail-owned Maildir)");
        }
        for (String binary : List.of("/usr/sbin/postfix", "/usr/sbin/dovecot", "/usr/bin/openssl")) {
            if (!Files.isExecutable(Path.of(binary))) {
                throw new IllegalStateException(binary + " missing: run bench/postfix-dovecot/setup.sh first");
            }
        }
        try {
            lookup().lookupPrincipalByName("vmail");
        } catch (UserPrincipalNotFoundException e) {
            throw new IllegalStateException("No vmail user: run bench/postfix-dovecot/setup.sh first", e);
        }
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public int port(int productionPort) {
        Integer port = ports.get(productionPort);
        if (port == null) {
            throw new IllegalArgumentException(NAME + " has no listener for production port " + productionPort);
        }
        return port;
    }

    /** Dovecot first (Postfix's AUTH and LMTP go to it), then Postfix; ready when both ports accept connections. */
    @Override
    public void start(Duration timeout) throws Exception {
        // Ctrl-C or a crash of the harness must not leave the daemons running on the shared machine.
        exitHook = new Thread(this::stopOnExit, "bench-stop-" + NAME);
        Runtime.getRuntime().addShutdownHook(exitHook);
        long deadline = System.nanoTime() + timeout.toNanos();
        launch(runtime.resolve("master.pid"), deadline, "/usr/sbin/dovecot", "-c", dovecotConf().toString());
        launch(home.resolve("postfix/queue/pid/master.pid"), deadline,
            "/usr/sbin/postfix", "-c", postfixConf().toString(), "start");
        for (int port : ports.values()) {
            while (!accepts(port)) {
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException(NAME + " not listening on " + port + " within " + timeout
                        + ", see " + home.resolve("log"));
                }
                Thread.sleep(100);
            }
        }
    }

    /**
     * The accounts in Dovecot's passwd-file (which it re-reads when it changes) and in Postfix's mailbox and sender
     * maps, then {@code postfix reload} so that every Postfix process reads the new maps. Dovecot creates a Maildir
     * and its INBOX at first access.
     */
    @Override
    public void provision(String domain, List<Account> accounts) throws Exception {
        if (!this.domain.equals(domain)) {
            throw new IllegalArgumentException(NAME + " was configured for " + this.domain + ", not " + domain);
        }
        writeAccounts(accounts);
        run("/usr/sbin/postfix", "-c", postfixConf().toString(), "reload");
    }

    private void writeAccounts(List<Account> accounts) throws Exception {
        Map<String, String> hashes = new HashMap<>();
        StringBuilder users = new StringBuilder();
        StringBuilder mailboxes = new StringBuilder();
        StringBuilder senders = new StringBuilder();
        for (Account account : accounts) {
            String hash = hashes.get(account.password());
            if (hash == null) {
                hash = exec(account.password(), "openssl", "passwd", "-6", "-stdin").strip();
                hashes.put(account.password(), hash);
            }
            users.append(account.address()).append(":{SHA512-CRYPT}").append(hash).append("::::::\n");
            mailboxes.append(account.address()).append(" OK\n");
            senders.append(account.address()).append(' ').append(account.address()).append('\n');
        }
        Path passwd = home.resolve("dovecot/users");
        Files.writeString(passwd, users, StandardCharsets.UTF_8);
        // Read by Dovecot's auth process, which runs as the dovecot user; nobody else.
        chown(passwd, "root", "dovecot");
        Files.setPosixFilePermissions(passwd, PosixFilePermissions.fromString("rw-r-----"));
        Files.writeString(home.resolve("postfix/conf/mailboxes"), mailboxes, StandardCharsets.UTF_8);
        Files.writeString(home.resolve("postfix/conf/senders"), senders, StandardCharsets.UTF_8);
    }

    /**
     * Runs a command that starts a master daemon (it forks into the background and the command returns), then waits
     * for the master's pid file. The pid file is known before the command runs, so a failed start is still stopped.
     */
    private void launch(Path pidFile, long deadline, String... command) throws Exception {
        synchronized (this) {
            masters.put(pidFile, null);
        }
        run(command);
        while (readPid(pidFile) == null) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException(command[0] + " wrote no " + pidFile + ", see " + home.resolve("log"));
            }
            Thread.sleep(50);
        }
    }

    /** The pid in {@code pidFile}, remembered; null while the file is missing or empty. */
    private synchronized Long readPid(Path pidFile) {
        Long pid = masters.get(pidFile);
        if (pid == null) {
            try {
                String text = Files.readString(pidFile).strip();
                pid = text.isEmpty() ? null : Long.valueOf(text);
            } catch (IOException | NumberFormatException notYetWritten) {
                pid = null;
            }
            masters.put(pidFile, pid);
        }
        return pid;
    }

    private synchronized List<Long> masterPids() {
        return masters.keySet().stream().map(this::readPid).filter(Objects::nonNull).toList();
    }

    /** CPU of the two masters and all their descendants, exited ones included (see {@link ProcessTreeCpu}). */
    @Override
    public double cpuSeconds() {
        return ProcessTreeCpu.seconds(masterPids());
    }

    @Override
    public void close() throws Exception {
        try {
            stop();
        } finally {
            if (exitHook != null) {
                try {
                    Runtime.getRuntime().removeShutdownHook(exitHook);
                } catch (IllegalStateException shuttingDown) {
                    // the hook runs anyway
                }
            }
        }
    }

    /**
     * SIGTERM to both masters (what {@code postfix stop} and {@code dovecot stop} send; each master stops its own
     * children), then every process of their trees awaited; whatever is still alive after {@link #STOP_TIMEOUT} is
     * killed. Safe after a partial start (a master launched whose pid file is not written yet is given a few
     * seconds to write it) and when called twice (by {@link #close} and by the shutdown hook on harness exit).
     */
    private synchronized void stop() throws Exception {
        long pidDeadline = System.nanoTime() + Duration.ofSeconds(5).toNanos();
        while (masterPids().size() < masters.size() && System.nanoTime() < pidDeadline) {
            Thread.sleep(50);
        }
        // The trees are listed before the masters go: their children are re-parented once a master has exited.
        List<ProcessHandle> processes = ProcessTreeCpu.alive(masterPids());
        for (long master : masterPids()) {
            ProcessHandle.of(master).ifPresent(ProcessHandle::destroy);
        }
        long deadline = System.nanoTime() + STOP_TIMEOUT.toNanos();
        while (processes.stream().anyMatch(ProcessHandle::isAlive) && System.nanoTime() < deadline) {
            Thread.sleep(100);
        }
        List<ProcessHandle> left = processes.stream().filter(ProcessHandle::isAlive).toList();
        if (!left.isEmpty()) {
            System.out.println("[bench] " + NAME + ": " + left.size() + " processes still alive after "
                + STOP_TIMEOUT.toSeconds() + " s, killing them");
            left.forEach(ProcessHandle::destroyForcibly);
        }
        deleteRecursively(runtime);
    }

    private void stopOnExit() {
        try {
            stop();
        } catch (Exception e) {
            System.out.println("[bench] " + NAME + " not stopped cleanly on exit: " + e);
        }
    }

    private Path postfixConf() {
        return home.resolve("postfix/conf");
    }

    private Path dovecotConf() {
        return home.resolve("dovecot/dovecot.conf");
    }

    private static boolean accepts(int port) {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress("127.0.0.1", port), 1000);
            return true;
        } catch (IOException notYet) {
            return false;
        }
    }

    private String run(String... command) throws Exception {
        return exec(null, command);
    }

    /**
     * Runs a command with {@code input} on its standard input; its standard output is returned, its standard error
     * appended to log/commands.log. A non-zero exit fails with where to look: Postfix and Dovecot log their own
     * errors to log/postfix.log and log/dovecot.log, not to the terminal.
     */
    private String exec(String input, String... command) throws Exception {
        Path log = home.resolve("log/commands.log");
        Files.writeString(log, "$ " + String.join(" ", command) + "\n", StandardCharsets.UTF_8,
            StandardOpenOption.CREATE, StandardOpenOption.APPEND);
        Process process = new ProcessBuilder(command)
            .redirectError(ProcessBuilder.Redirect.appendTo(log.toFile()))
            .start();
        if (input != null) {
            process.getOutputStream().write((input + "\n").getBytes(StandardCharsets.UTF_8));
        }
        process.getOutputStream().close();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!process.waitFor(2, TimeUnit.MINUTES)) {
            process.destroyForcibly();
            throw new IllegalStateException(command[0] + " did not finish within 2 minutes, see " + log);
        }
        if (process.exitValue() != 0) {
            throw new IllegalStateException(String.join(" ", command) + " exited with "
                + process.exitValue() + ", see " + log + " and " + home.resolve("log"));
        }
        return output;
    }

    private static UserPrincipalLookupService lookup() {
        return Path.of("/").getFileSystem().getUserPrincipalLookupService();
    }

    private static void chown(Path path, String user, String group) throws IOException {
        PosixFileAttributeView view = Files.getFileAttributeView(path, PosixFileAttributeView.class);
        view.setOwner(lookup().lookupPrincipalByName(user));
        GroupPrincipal groupPrincipal = lookup().lookupPrincipalByGroupName(group);
        view.setGroup(groupPrincipal);
    }

    private static void writeTemplate(Path template, Path target, Map<String, String> values) throws IOException {
        if (!Files.isRegularFile(template)) {
            throw new IllegalArgumentException("Missing template " + template + " (--postfix-conf bench/postfix-dovecot)");
        }
        String text = Files.readString(template);
        for (Map.Entry<String, String> value : values.entrySet()) {
            text = text.replace(value.getKey(), value.getValue());
        }
        Files.writeString(target, text, StandardCharsets.UTF_8);
    }

    private static void deleteRecursively(Path folder) throws IOException {
        if (Files.exists(folder)) {
            try (Stream<Path> paths = Files.walk(folder)) {
                for (Path path : (Iterable<Path>) paths.sorted(Comparator.reverseOrder())::iterator) {
                    Files.deleteIfExists(path);
                }
            }
        }
    }
}
