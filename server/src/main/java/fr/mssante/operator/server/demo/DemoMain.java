package fr.mssante.operator.server.demo;

import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.Base64;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.stream.Stream;

import org.apache.james.GuiceJamesServer;

import com.unboundid.ldap.sdk.LDAPConnection;

import fr.mssante.operator.directory.mirror.EmbeddedMirror;
import fr.mssante.operator.directory.sync.MailboxRegistryClient;
import fr.mssante.operator.directory.sync.SyncEngine;
import fr.mssante.operator.directory.sync.SyncOptions;
import fr.mssante.operator.directory.sync.SyncProgress;
import fr.mssante.operator.directory.sync.SyncRunReport;
import fr.mssante.operator.server.MssanteServerMain;
import fr.mssante.operator.server.home.ServerHome;
import fr.mssante.operator.server.home.TestOperator;
import fr.mssante.operator.server.home.WebAdminClient;
import fr.mssante.operator.server.home.WebAdminKeys;
import fr.mssante.operator.trust.pki.TestPki;

/**
 * {@code ./mssante demo [--reset]}: two MSSanté operators on embedded defaults, both in one demo liste blanche of
 * an IGC-Santé-shaped TEST hierarchy, so mail crosses operators over mutual TLS. Ours runs in this JVM on the
 * production ports + 10000; the other operator runs in a child JVM on + 20000. Keys and certificates are minted
 * at first run under var/demo (git-ignored); data is kept between runs unless {@code --reset}.
 */
public final class DemoMain {
    static final String PASSWORD = "demo-password";
    static final int MIRROR_PORT = 10389;
    static final DemoOperator OURS = new DemoOperator("operateur", "demo.mssante.test", 10_000,
        "CENTRE HOSPITALIER DE DEMONSTRATION", List.of(
            new DemoMailbox("medecin@demo.mssante.test", "PER", "Dr Camille Martin, médecin généraliste"),
            new DemoMailbox("cardiologie@demo.mssante.test", "ORG", "Service de cardiologie"),
            new DemoMailbox("dpi@demo.mssante.test", "APP", "Dossier patient informatisé (LPS)")));
    static final DemoOperator OTHER = new DemoOperator("autre-operateur", "autre-operateur.mssante.test", 20_000,
        "AUTRE OPERATEUR DE DEMONSTRATION", List.of(
            new DemoMailbox("secretariat@autre-operateur.mssante.test", "ORG", "Secrétariat médical")));

    record DemoMailbox(String address, String type, String description) {
    }

    record DemoOperator(String folder, String domain, int portOffset, String organisation, List<DemoMailbox> mailboxes) {
        String fqdn() {
            return "mx." + domain;
        }

        int port(int productionPort) {
            return productionPort + portOffset;
        }
    }

    private DemoMain() {
    }

    public static void main(String[] args) throws Exception {
        boolean reset = List.of(args).contains("--reset");
        Path demo = Path.of(System.getProperty("mssante.demo.home", "var/demo")).toAbsolutePath();
        Path templates = Path.of(System.getProperty("mssante.conf.templates", "conf")).toAbsolutePath();
        ServerHome ours = ServerHome.at(demo.resolve(OURS.folder()));
        ServerHome other = ServerHome.at(demo.resolve(OTHER.folder()));
        System.setProperty("working.directory", ours.root().toString());
        System.setProperty("logback.configurationFile", templates.resolve("logback.xml").toString());

        if (reset && Files.exists(demo)) {
            System.out.println("[demo] --reset: deleting " + demo);
            deleteRecursively(demo);
        }
        boolean firstRun = !Files.exists(demo.resolve("listeblanche.xml"));
        String secret = keystoreSecret(demo);
        install(ours, OURS, templates, secret, other.root(), OTHER);
        install(other, OTHER, templates, secret, ours.root(), OURS);
        // Every start: the configuration templates were just installed again (their trust.properties is the
        // production one), so the TEST trust material is put back, with certificates and CRLs fresh from the kept
        // hierarchy (same names, so the liste blanche and stored data stay valid).
        System.out.println(firstRun
            ? "[demo] minting an IGC-Santé-shaped TEST hierarchy, both operators' SERV SSL certificates and the demo liste blanche"
            : "[demo] renewing both operators' SERV SSL certificates and CRLs from the TEST hierarchy of the first run");
        TestPki pki = firstRun ? TestPki.create(demo.resolve("pki")) : TestPki.open(demo.resolve("pki"));
        Path listeBlanche = demo.resolve("listeblanche.xml");
        TestOperator a = TestOperator.install(ours, pki, OURS.fqdn(), OURS.organisation(), secret, listeBlanche);
        TestOperator b = TestOperator.install(other, pki, OTHER.fqdn(), OTHER.organisation(), secret, listeBlanche);
        pki.writeListeBlanche(listeBlanche, Map.of(OURS.domain(), List.of(a.certificate()),
            OTHER.domain(), List.of(b.certificate())));

        System.out.println("[demo] starting the Annuaire Santé LDAP mirror on 127.0.0.1:" + MIRROR_PORT
            + " (sample directory) and both operators in " + demo + (firstRun ? " (first run)" : " (data kept from the last run)"));
        EmbeddedMirror mirror = EmbeddedMirror.startDemo(MIRROR_PORT);
        OtherOperatorProcess otherProcess = OtherOperatorProcess.start(other.root(), templates.resolve("logback.xml"));
        GuiceJamesServer server = MssanteServerMain.start(ours.root().toFile());
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            System.out.println("\n[demo] stopping both operators: spools and databases are flushed, data is kept in " + demo);
            server.stop();
            otherProcess.stop();
            mirror.close();
            stopped.countDown();
        }, "demo-shutdown"));
        try {
            WebAdminClient ourWebAdmin = webAdmin(ours, OURS);
            ourWebAdmin.ensureDomain(OURS.domain());
            // Our mailboxes come from the directory: the first sync creates them, later runs apply changes.
            SyncRunReport sync = syncFromDirectory(mirror, ours, demo.resolve("directory-sync"));
            System.out.println("[demo] directory sync: " + sync.summary());
            if (firstRun) {
                for (DemoMailbox mailbox : OURS.mailboxes()) {
                    ourWebAdmin.setPassword(mailbox.address(), PASSWORD);
                }
            }
            otherProcess.awaitWebAdmin(webAdmin(other, OTHER));
            provision(other, OTHER);
        } catch (Exception e) {
            // System.exit runs the shutdown hook: both operators and the mirror are stopped cleanly.
            System.err.println("[demo] start failed, stopping everything (data is kept in " + demo + "): " + e.getMessage());
            System.exit(1);
        }
        printBanner(demo, ours, other);
        stopped.await();
    }

    private static void install(ServerHome home, DemoOperator operator, Path templates, String secret,
                                Path peerRoot, DemoOperator peer) {
        home.installConfiguration(templates, operator::port, secret);
        home.useLoopbackDns();
        // Both operators share this machine: each delivers to the other's port 25 (no DNS for demo domains).
        home.relayThroughGateway("localhost", peer.port(25));
        WebAdminKeys.ofHome(home);
    }

    private static SyncRunReport syncFromDirectory(EmbeddedMirror mirror, ServerHome home, Path stateDir) throws Exception {
        MailboxRegistryClient registry = new MailboxRegistryClient(URI.create("http://127.0.0.1:" + OURS.port(8000)),
            Files.readString(tokenFile(home)).trim(), MailboxRegistryClient.RetryPolicy.defaults());
        try (LDAPConnection connection = mirror.connect()) {
            return new SyncEngine(connection, mirror.layout(), registry, stateDir, SyncProgress.NONE)
                .run(SyncOptions.of(List.of(OURS.domain())));
        }
    }

    private static WebAdminClient webAdmin(ServerHome home, DemoOperator operator) throws IOException {
        String token = WebAdminKeys.ofHome(home).adminToken("demo-admin", Duration.ofDays(30));
        Files.writeString(tokenFile(home), token + "\n", StandardCharsets.US_ASCII);
        return new WebAdminClient(URI.create("http://127.0.0.1:" + operator.port(8000)), token);
    }

    private static void provision(ServerHome home, DemoOperator operator) throws Exception {
        WebAdminClient webAdmin = webAdmin(home, operator);
        webAdmin.ensureDomain(operator.domain());
        for (DemoMailbox mailbox : operator.mailboxes()) {
            webAdmin.ensureMailbox(mailbox.address(), mailbox.type(), mailbox.description(), PASSWORD);
        }
    }

    private static Path tokenFile(ServerHome home) {
        return home.secrets().resolve("webadmin.token");
    }

    private static void printBanner(Path demo, ServerHome ours, ServerHome other) {
        StringBuilder banner = new StringBuilder("\n");
        String rule = "=".repeat(96) + "\n";
        banner.append(rule).append(" MSSanté operator demo is running (Ctrl-C stops it; data is kept; --reset starts over)\n").append(rule);
        for (var entry : List.of(Map.entry(OURS, ours), Map.entry(OTHER, other))) {
            DemoOperator operator = entry.getKey();
            banner.append(String.format(" %s (%s)%n", operator.domain(), operator == OURS ? "this operator" : "the other operator"));
            banner.append(String.format("   SMTP between operators 127.0.0.1:%d  mutual TLS, IGC-Santé certificate listed for the sender's domain%n", operator.port(25)));
            banner.append(String.format("   Submission             127.0.0.1:%d  STARTTLS + AUTH (and %d implicit TLS)%n", operator.port(587), operator.port(465)));
            banner.append(String.format("   IMAP                   127.0.0.1:%d  STARTTLS (and IMAPS %d)%n", operator.port(143), operator.port(993)));
            banner.append(String.format("   WebAdmin (JWT)         http://127.0.0.1:%d  token: %s%n", operator.port(8000), tokenFile(entry.getValue())));
            for (DemoMailbox mailbox : operator.mailboxes()) {
                banner.append(String.format("   %-42s %s  %s%n", mailbox.address(), mailbox.type(), mailbox.description()));
            }
            banner.append(String.format("   Logs: %s%n%n", entry.getValue().root().resolve("var/log/mssante.log")));
        }
        banner.append(" Password of every mailbox: ").append(PASSWORD).append("\n");
        String console = System.getProperty("mssante.demo.console");
        if (console != null) {
            banner.append(" Operator console: ").append(console).append("  login operator / ").append(PASSWORD)
                .append("  (log: var/demo/operator-admin.log)\n");
        }
        banner.append(" Annuaire Santé mirror (LDAP): ldap://127.0.0.1:").append(MIRROR_PORT)
            .append(" — ./mssante sync --dry-run | ./mssante sync | ./mssante directory reconcile\n\n");
        banner.append(" Send across operators (swaks):\n");
        banner.append("   swaks --server 127.0.0.1:10587 --tls --auth-user dpi@demo.mssante.test --auth-password demo-password \\\n");
        banner.append("         --from dpi@demo.mssante.test --to secretariat@autre-operateur.mssante.test --header 'X-MSS-NIL: demo'\n");
        banner.append(" Read the trust space and the mailboxes:\n");
        banner.append("   curl -H \"Authorization: Bearer $(cat ").append(tokenFile(ours)).append(")\" http://127.0.0.1:18000/mssante/trust/listeblanche\n");
        banner.append("   curl -H \"Authorization: Bearer $(cat ").append(tokenFile(ours)).append(")\" http://127.0.0.1:18000/mssante/mailboxes\n");
        banner.append(" Play a third operator: ./mssante pki server ").append(demo.resolve("pki"))
            .append(" --fqdn mx.tiers.mssante.test --structure-id 1690000100 --org TIERS, then openssl s_client -starttls smtp\n");
        banner.append("   -connect 127.0.0.1:10025 -cert ... -key ... (see docs/trust-space-smtp.md)\n");
        banner.append(rule);
        System.out.print(banner);
    }

    private static String keystoreSecret(Path demo) throws IOException {
        Path file = demo.resolve("secrets/keystore.secret");
        if (Files.exists(file)) {
            return Files.readString(file, StandardCharsets.US_ASCII).trim();
        }
        byte[] random = new byte[18];
        new SecureRandom().nextBytes(random);
        String secret = Base64.getUrlEncoder().withoutPadding().encodeToString(random);
        Files.createDirectories(file.getParent());
        Files.writeString(file, secret, StandardCharsets.US_ASCII);
        return secret;
    }

    private static void deleteRecursively(Path root) throws IOException {
        try (Stream<Path> paths = Files.walk(root)) {
            for (Path path : (Iterable<Path>) paths.sorted(Comparator.reverseOrder())::iterator) {
                Files.delete(path);
            }
        }
    }
}
