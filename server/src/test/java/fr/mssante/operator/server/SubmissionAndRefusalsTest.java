package fr.mssante.operator.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Base64;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import javax.net.ssl.SSLException;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.SSLSocketFactory;

import jakarta.mail.Message;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeMessage;

import org.apache.james.GuiceJamesServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.spi.ILoggingEvent;

/** One server, real sockets: submission through 587, reading through 993, and what the server must refuse. */
class SubmissionAndRefusalsTest {
    static final String DOMAIN = "test.mssante.test";
    static final String SENDER = "dpi@" + DOMAIN;
    static final String RECIPIENT = "medecin@" + DOMAIN;
    static final String PASSWORD = "secret-password";

    @TempDir
    static Path root;
    static TestHome home;
    static GuiceJamesServer server;

    @BeforeAll
    static void start() throws Exception {
        home = TestHome.install(root, DOMAIN);
        server = startWithSenderAndRecipient(home);
    }

    static GuiceJamesServer startWithSenderAndRecipient(TestHome home) throws Exception {
        GuiceJamesServer started = MssanteServerMain.start(home.root().toFile());
        home.webAdmin().ensureDomain(DOMAIN);
        home.webAdmin().ensureUser(SENDER, PASSWORD);
        home.webAdmin().ensureUser(RECIPIENT, PASSWORD);
        return started;
    }

    @AfterAll
    static void stop() {
        if (server != null) {
            server.stop();
        }
    }

    @Test
    void messageSubmittedOn587ArrivesIntactOnImaps() throws Exception {
        messageSubmittedOn587ArrivesIntactOnImaps(home);
    }

    /** The scenario on any started home of {@link #startWithSenderAndRecipient} (also run by {@link PostgresServerTest}). */
    static void messageSubmittedOn587ArrivesIntactOnImaps(TestHome home) throws Exception {
        MimeMessage message = new MimeMessage(MailClients.submissionSession(home.port(587)));
        message.setFrom(new InternetAddress(SENDER));
        message.setRecipient(Message.RecipientType.TO, new InternetAddress(RECIPIENT));
        message.setSubject("XDM/1.0/DDM+Compte rendu d'hospitalisation", "UTF-8");
        message.setHeader("X-MSS-CODECDA", "11490-0");
        message.setHeader("X-MSS-INS", "O");
        message.setHeader("X-MSS-NIL", "LPS-TEST 1.0");
        message.setHeader("X-MSS-MES", "FIN");
        message.setText("Compte rendu : patient sorti le 21/11.\r\nÀ revoir dans 15 jours.\r\n", "UTF-8");
        message.saveChanges();
        String messageId = message.getMessageID();

        MailClients.submit(home.port(587), SENDER, PASSWORD, message);

        MimeMessage received = MailClients.awaitMessage(home.port(993), RECIPIENT, PASSWORD, MailClients.withMessageId(messageId));
        assertThat(received.getSubject()).isEqualTo("XDM/1.0/DDM+Compte rendu d'hospitalisation");
        assertThat(received.getHeader("X-MSS-CODECDA")).containsExactly("11490-0");
        assertThat(received.getHeader("X-MSS-INS")).containsExactly("O");
        assertThat(received.getHeader("X-MSS-NIL")).containsExactly("LPS-TEST 1.0");
        assertThat(received.getHeader("X-MSS-MES")).containsExactly("FIN");
        assertThat(received.getFrom()).extracting(Object::toString).containsExactly(SENDER);
        assertThat(((String) received.getContent()).replace("\r\n", "\n"))
            .isEqualTo("Compte rendu : patient sorti le 21/11.\nÀ revoir dans 15 jours.\n");
    }

    @Test
    void authIsNeitherOfferedNorAcceptedBeforeStartTls() throws Exception {
        try (SmtpDialog smtp = new SmtpDialog(home.port(587))) {
            String ehlo = smtp.command("EHLO client.test");
            assertThat(ehlo).contains("STARTTLS").doesNotContain("AUTH");
            String auth = smtp.command("AUTH PLAIN " + plain(SENDER, PASSWORD));
            assertThat(auth).startsWith("538 5.7.11");

            smtp.startTls();
            assertThat(smtp.command("EHLO client.test")).contains("AUTH");
            assertThat(smtp.command("AUTH PLAIN " + plain(SENDER, PASSWORD))).startsWith("235");
        }
    }

    @Test
    void submissionRequiresAuthenticationEvenForLocalRecipients() throws Exception {
        try (SmtpDialog smtp = new SmtpDialog(home.port(587))) {
            smtp.command("EHLO client.test");
            smtp.startTls();
            smtp.command("EHLO client.test");
            assertThat(smtp.command("MAIL FROM:<" + SENDER + ">")).startsWith("530 5.7.0");
        }
    }

    @Test
    void mailOnPort25RequiresStartTls() throws Exception {
        try (SmtpDialog smtp = new SmtpDialog(home.port(25))) {
            assertThat(smtp.command("EHLO mx.other.test")).contains("STARTTLS").doesNotContain("AUTH");
            assertThat(smtp.command("MAIL FROM:<someone@other.mssante.test>")).startsWith("530 5.7.0");
        }
    }

    @Test
    void port25NeverRelaysEvenForAListedOperator() throws Exception {
        try (SmtpDialog smtp = new SmtpDialog(home.port(25))) {
            smtp.command("EHLO mx.other.test");
            smtp.startTls(home.home.tlsKeystore(), TestHome.KEYSTORE_SECRET);
            smtp.command("EHLO mx.other.test");
            assertThat(smtp.command("MAIL FROM:<someone@" + DOMAIN + ">")).startsWith("250");
            assertThat(smtp.command("RCPT TO:<victim@elsewhere.example>")).startsWith("550 5.7.1");
            assertThat(smtp.command("RCPT TO:<nobody@" + DOMAIN + ">")).startsWith("550");
            assertThat(smtp.command("RCPT TO:<" + RECIPIENT + ">")).startsWith("250");
        }
    }

    @Test
    void mailForAFullMailboxIsBouncedToTheSenderWithTheReason() throws Exception {
        String full = "plein@" + DOMAIN;
        home.webAdmin().ensureUser(full, PASSWORD);
        assertThat(home.webAdmin().put("/quota/users/" + full + "/size", "1000").statusCode()).isEqualTo(204);
        MimeMessage message = new MimeMessage(MailClients.submissionSession(home.port(587)));
        message.setFrom(new InternetAddress(SENDER));
        message.setRecipient(Message.RecipientType.TO, new InternetAddress(full));
        message.setSubject("compte rendu volumineux");
        message.setText("x".repeat(5000) + "\r\n");
        message.saveChanges();

        MailClients.submit(home.port(587), SENDER, PASSWORD, message);

        MimeMessage bounce = MailClients.awaitMessage(home.port(993), SENDER, PASSWORD, candidate -> candidate.getSubject() != null
            && candidate.getSubject().contains("compte rendu volumineux") && !candidate.getSubject().equals("compte rendu volumineux"));
        assertThat(MailClients.raw(bounce)).contains("5.2.2", "quota");
        assertThat(MailClients.inboxMessageIds(home.port(993), full, PASSWORD)).doesNotContain(message.getMessageID());
    }

    @Test
    void suspendedMailboxIsRefusedAtRcptAndKeepsItsMail() throws Exception {
        String archive = "archive@" + DOMAIN;
        home.webAdmin().ensureMailbox(archive, "ORG", "Archives du service", PASSWORD);
        assertThat(home.webAdmin().post("/mssante/mailboxes/" + archive + "?action=suspend",
            "{\"reason\":\"BAL retirée de l'annuaire\"}").statusCode()).isEqualTo(204);
        try (SmtpDialog smtp = new SmtpDialog(home.port(25))) {
            smtp.command("EHLO mx.other.test");
            smtp.startTls(home.home.tlsKeystore(), TestHome.KEYSTORE_SECRET);
            smtp.command("EHLO mx.other.test");
            assertThat(smtp.command("MAIL FROM:<someone@" + DOMAIN + ">")).startsWith("250");
            assertThat(smtp.command("RCPT TO:<" + archive + ">")).startsWith("550 5.2.1");
        }
        assertThat(home.webAdmin().get("/users").body()).contains(archive);
    }

    @Test
    void aClientWhoseTlsFailsIsOneWarningWithItsAddress() throws Exception {
        try (CapturedLog log = new CapturedLog(new FailedTlsFilter())) {
            try (Socket plain = new Socket("127.0.0.1", home.port(465))) {
                plain.getOutputStream().write("EHLO plain.text.test\r\n".getBytes(StandardCharsets.US_ASCII));
                assertThat(plain.getInputStream().read()).as("closed by the server").isEqualTo(-1);
            }
            try (SSLSocket cbcOnly = (SSLSocket) SSLSocketFactory.getDefault().createSocket("127.0.0.1", home.port(993))) {
                cbcOnly.setEnabledProtocols(new String[] {"TLSv1.2"});
                cbcOnly.setEnabledCipherSuites(new String[] {"TLS_ECDHE_RSA_WITH_AES_128_CBC_SHA256"});
                assertThatThrownBy(cbcOnly::startHandshake).isInstanceOf(SSLException.class);
            }

            List<ILoggingEvent> warnings = log.await(2);
            assertThat(warnings).extracting(ILoggingEvent::getFormattedMessage).containsExactlyInAnyOrder(
                "mssante.tls.failed protocol=SMTP ip=127.0.0.1 error=NotSslRecordException"
                    + " reason=\"not an SSL/TLS record: 45484c4f20706c61696e2e746578742e746573740d0a\"",
                "mssante.tls.failed protocol=IMAP ip=127.0.0.1 error=SSLHandshakeException"
                    + " reason=\"no cipher suites in common\"");
            assertThat(warnings).extracting(ILoggingEvent::getLevel).containsOnly(Level.WARN);
        }
    }

    @Test
    void webAdminWithoutTokenIsUnauthorized() throws Exception {
        HttpClient http = HttpClient.newHttpClient();
        URI users = URI.create("http://127.0.0.1:" + home.port(8000) + "/users");
        HttpResponse<String> anonymous = http.send(HttpRequest.newBuilder(users).GET().build(),
            HttpResponse.BodyHandlers.ofString());
        assertThat(anonymous.statusCode()).isEqualTo(401);

        HttpResponse<String> forged = http.send(HttpRequest.newBuilder(users)
            .header("Authorization", "Bearer eyJhbGciOiJSUzI1NiJ9.eyJzdWIiOiJhZG1pbiIsImFkbWluIjp0cnVlfQ.c2lnbmF0dXJl")
            .GET().build(), HttpResponse.BodyHandlers.ofString());
        assertThat(forged.statusCode()).isEqualTo(401);

        assertThat(home.webAdmin().get("/users").statusCode()).isEqualTo(200);
    }

    @Test
    void prometheusMetricsAreServedToAnAdministrator() throws Exception {
        HttpResponse<String> metrics = home.webAdmin().get("/metrics");
        assertThat(metrics.statusCode()).isEqualTo(200);
        assertThat(metrics.body()).contains("# TYPE");
        for (String database : new String[] {"james", "mssante"}) {
            double fileBytes = gauge(metrics.body(), "mssanteH2FileBytes_" + database);
            assertThat(fileBytes).as("size of the %s database file", database).isPositive();
            assertThat(gauge(metrics.body(), "mssanteH2ReclaimableBytes_" + database)).isBetween(0.0, fileBytes);
        }
    }

    private static double gauge(String prometheus, String name) {
        Matcher line = Pattern.compile("^" + name + " (\\S+)$", Pattern.MULTILINE).matcher(prometheus);
        assertThat(line.find()).as("gauge %s in GET /metrics", name).isTrue();
        return Double.parseDouble(line.group(1));
    }

    private static String plain(String user, String password) {
        return Base64.getEncoder().encodeToString(("\0" + user + "\0" + password).getBytes(StandardCharsets.UTF_8));
    }
}
