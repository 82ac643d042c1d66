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

import fr.mssante.operator.server.MssanteServerMain;
import fr.mssante.operator.server.home.ServerHome;
import fr.mssante.operator.server.home.TestOperator;
import fr.mssante.operator.server.home.WebAdminClient;
import fr.mssante.operator.server.home.WebAdminKeys;
import fr.mssante.operator.trust.pki.TestPki;

/**
 * {@code ./mssante demo [--reset]}: the whole server on embedded defaults, on the production ports + 10000, with a
 * demo domain and three mailboxes. Keys and certificates are minted at first run under var/demo (git-ignored); data
 * is kept between runs unless {@code --reset}.
 */
public final class DemoMain {
    static final int PORT_OFFSET = 10_000;
    static final String DOMAIN = "demo.mssante.test";
    static final String PASSWORD = "demo-password";
    static final String SERVER_FQDN = "mx." + DOMAIN;
    static final List<DemoMailbox> MAILBOXES = List.of(
        new DemoMailbox("medecin@" + DOMAIN, "PER", "Dr Camille Martin, médecin généraliste"),
        new DemoMailbox("cardiologie@" + DOMAIN, "ORG", "Service de cardiologie"),
        new DemoMailbox("dpi@" + DOMAIN, "APP", "Dossier patient informatisé (LPS)"));

    record DemoMailbox(String address, String type, String description) {
    }

    private DemoMain() {
    }

    public static void main(String[] args) throws Exception {
        boolean reset = List.of(args).contains("--reset");
        ServerHome home = ServerHome.at(Path.of(System.getProperty("mssante.demo.home", "var/demo")));
        Path templates = Path.of(System.getProperty("mssante.conf.templates", "conf"));
        System.setProperty("working.directory", home.root().toString());
        System.setProperty("logback.configurationFile", templates.resolve("logback.xml").toAbsolutePath().toString());

        if (reset && Files.exists(home.root())) {
            System.out.println("[demo] --reset: deleting " + home.root());
            deleteRecursively(home.root());
        }
        boolean firstRun = !home.isInstalled();
        String keystoreSecret = keystoreSecret(home);
        home.installConfiguration(templates, port -> port + PORT_OFFSET, keystoreSecret);
        home.useLoopbackDns();
        Path listeBlanche = home.root().resolve("listeblanche.xml");
        if (!Files.exists(home.tlsKeystore())) {
            System.out.println("[demo] minting an IGC-Santé-shaped TEST hierarchy and the server certificate of " + SERVER_FQDN);
            TestPki pki = TestPki.create(home.root().resolve("pki"));
            TestOperator operator = TestOperator.install(home, pki, SERVER_FQDN, "CENTRE HOSPITALIER DE DEMONSTRATION",
                keystoreSecret, listeBlanche);
            pki.writeListeBlanche(listeBlanche, Map.of(DOMAIN, List.of(operator.certificate())));
        }
        WebAdminKeys webAdminKeys = WebAdminKeys.ofHome(home);
        String token = webAdminKeys.adminToken("demo-admin", Duration.ofDays(30));
        Path tokenFile = home.secrets().resolve("webadmin.token");
        Files.writeString(tokenFile, token + "\n", StandardCharsets.US_ASCII);

        System.out.println("[demo] starting the server in " + home.root() + (firstRun ? " (first run)" : " (data kept from the last run)"));
        GuiceJamesServer server = MssanteServerMain.start(home.root().toFile());
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            System.out.println("\n[demo] stopping: spool and databases are flushed, data is kept in " + home.root());
            server.stop();
            stopped.countDown();
        }, "demo-shutdown"));

        WebAdminClient webAdmin = new WebAdminClient(URI.create("http://127.0.0.1:" + (8000 + PORT_OFFSET)), token);
        webAdmin.ensureDomain(DOMAIN);
        for (DemoMailbox mailbox : MAILBOXES) {
            webAdmin.ensureMailbox(mailbox.address(), mailbox.type(), mailbox.description(), PASSWORD);
        }
        printBanner(home, tokenFile);
        stopped.await();
    }

    private static void printBanner(ServerHome home, Path tokenFile) {
        String banner = """

            ================================================================================
             MSSanté operator demo is running (Ctrl-C stops it; data is kept; --reset starts over)
            --------------------------------------------------------------------------------
             SMTP (other operators)      127.0.0.1:10025  STARTTLS required
             Submission                  127.0.0.1:10587  STARTTLS + AUTH required
             Submission (implicit TLS)   127.0.0.1:10465  AUTH required
             IMAP                        127.0.0.1:10143  STARTTLS required before login
             IMAPS                       127.0.0.1:10993
             WebAdmin (JWT)              http://127.0.0.1:18000   token: %s
            --------------------------------------------------------------------------------
             Domain %s, password for every mailbox: %s
            %s
            --------------------------------------------------------------------------------
             Try:  swaks --server 127.0.0.1:10587 --tls --auth-user dpi@%s --auth-password %s \\
                         --from dpi@%s --to medecin@%s --header 'X-MSS-NIL: demo'
                   curl -H "Authorization: Bearer $(cat %s)" http://127.0.0.1:18000/users
             Logs: %s/var/log/mssante.log
            ================================================================================
            """;
        StringBuilder mailboxes = new StringBuilder();
        for (DemoMailbox mailbox : MAILBOXES) {
            mailboxes.append(String.format("   %-32s %s  %s%n", mailbox.address(), mailbox.type(), mailbox.description()));
        }
        System.out.printf(banner, tokenFile, DOMAIN, PASSWORD, mailboxes.toString().stripTrailing(), DOMAIN, PASSWORD,
            DOMAIN, DOMAIN, tokenFile, home.root());
    }

    private static String keystoreSecret(ServerHome home) throws IOException {
        Path file = home.secrets().resolve("keystore.secret");
        if (Files.exists(file)) {
            return Files.readString(file, StandardCharsets.US_ASCII).trim();
        }
        byte[] random = new byte[18];
        new SecureRandom().nextBytes(random);
        String secret = Base64.getUrlEncoder().withoutPadding().encodeToString(random);
        Files.createDirectories(home.secrets());
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
