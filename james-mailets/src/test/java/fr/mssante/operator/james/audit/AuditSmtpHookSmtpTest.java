package fr.mssante.operator.james.audit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.BufferedReader;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.io.PrintWriter;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.util.List;
import java.util.concurrent.TimeUnit;

import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.TrustManager;
import javax.net.ssl.X509TrustManager;

import org.apache.commons.configuration2.BaseConfiguration;
import org.apache.commons.configuration2.ex.ConfigurationException;
import org.apache.james.metrics.tests.RecordingMetricFactory;
import org.apache.james.protocols.api.ClientAuth;
import org.apache.james.protocols.netty.Encryption;
import org.apache.james.protocols.netty.NettyServer;
import org.apache.james.protocols.smtp.MailEnvelope;
import org.apache.james.protocols.smtp.SMTPConfigurationImpl;
import org.apache.james.protocols.smtp.SMTPProtocol;
import org.apache.james.protocols.smtp.SMTPProtocolHandlerChain;
import org.apache.james.protocols.smtp.SMTPSession;
import org.apache.james.protocols.smtp.hook.HookResult;
import org.apache.james.protocols.smtp.hook.HookReturnCode;
import org.apache.james.protocols.smtp.hook.MessageHook;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import fr.mssante.operator.james.RegistryDatabase;
import fr.mssante.operator.james.RegistryDatabaseConfiguration;
import fr.mssante.operator.james.registry.BalType;
import fr.mssante.operator.james.registry.JdbcMailboxRegistry;
import fr.mssante.operator.james.registry.MailboxProfile;
import fr.mssante.operator.james.smtp.ActiveMailboxRcptHook;

/**
 * The capture in James's SMTP protocol stack, spoken to over a socket with STARTTLS and a client certificate, as a
 * remote operator would. A stand-in for James's SendMailHandler answers the end of DATA (250 once "spooled").
 */
class AuditSmtpHookSmtpTest {

    private static final String SERVER_DN = "CN=mx.demo.mssante.test,O=Demo,C=FR";
    private static final String CLIENT_DN = "CN=mail.autre-operateur.mssante.test,O=Autre Operateur,C=FR";
    private static final char[] SECRET = "changeit".toCharArray();

    @TempDir
    static Path keys;
    @TempDir
    Path var;
    private static SSLContext serverTls;
    private static SSLContext clientTls;
    private RegistryDatabase database;
    private BatchingAuditRepository audit;
    private NettyServer server;

    /** A test-only trust manager: what is under test is what the audit records, not certificate validation. */
    private static final TrustManager[] TRUST_ANY = {new X509TrustManager() {
        @Override
        public void checkClientTrusted(X509Certificate[] chain, String authType) {
        }

        @Override
        public void checkServerTrusted(X509Certificate[] chain, String authType) {
        }

        @Override
        public X509Certificate[] getAcceptedIssuers() {
            return new X509Certificate[0];
        }
    }};

    @BeforeAll
    static void keys() throws Exception {
        serverTls = tls(keyStore("server", SERVER_DN));
        clientTls = tls(keyStore("client", CLIENT_DN));
    }

    /** A self-signed key pair made by the JDK's keytool (no key material is kept in the repository). */
    private static Path keyStore(String name, String dn) throws Exception {
        Path file = keys.resolve(name + ".p12");
        Process keytool = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "keytool").toString(),
            "-genkeypair", "-alias", name, "-keyalg", "EC", "-groupname", "secp256r1", "-dname", dn, "-validity", "2",
            "-storetype", "PKCS12", "-keystore", file.toString(), "-storepass", new String(SECRET))
            .redirectErrorStream(true).start();
        assertThat(keytool.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(keytool.exitValue()).as(new String(keytool.getInputStream().readAllBytes())).isZero();
        return file;
    }

    private static SSLContext tls(Path keyStoreFile) throws Exception {
        KeyStore keyStore = KeyStore.getInstance("PKCS12");
        try (InputStream in = Files.newInputStream(keyStoreFile)) {
            keyStore.load(in, SECRET);
        }
        KeyManagerFactory keyManagers = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
        keyManagers.init(keyStore, SECRET);
        SSLContext context = SSLContext.getInstance("TLS");
        context.init(keyManagers.getKeyManagers(), TRUST_ANY, null);
        return context;
    }

    /** Stands in for James's SendMailHandler: accepts the message once "spooled". */
    private static final MessageHook SPOOL = new MessageHook() {
        @Override
        public HookResult onMessage(SMTPSession session, MailEnvelope mail) {
            return HookResult.builder().hookReturnCode(HookReturnCode.ok()).smtpReturnCode("250")
                .smtpDescription("2.6.0 Message received").build();
        }
    };

    @BeforeEach
    void start() throws Exception {
        database = new RegistryDatabase(RegistryDatabaseConfiguration.defaults(var));
        JdbcMailboxRegistry registry = new JdbcMailboxRegistry(database.dataSource(), Clock.systemUTC());
        registry.put("medecin@demo.mssante.test", MailboxProfile.of(BalType.PER));
        registry.suspend("medecin@demo.mssante.test", "left the hospital");
        audit = new BatchingAuditRepository(new JdbcAuditRepository(database.dataSource()));

        AuditSmtpHook hook = new AuditSmtpHook(audit, Clock.systemUTC());
        hook.init(direction("INBOUND"));
        SMTPProtocolHandlerChain chain = new SMTPProtocolHandlerChain(new RecordingMetricFactory());
        chain.add(0, hook);
        chain.add(1, new ActiveMailboxRcptHook(registry));
        chain.add(2, SPOOL);
        chain.wireExtensibleHandlers();
        server = new NettyServer.Factory()
            .protocol(new SMTPProtocol(chain, new SMTPConfigurationImpl()))
            .secure(Encryption.createStartTls(serverTls, null, null, ClientAuth.NEED))
            .build();
        server.setListenAddresses(new InetSocketAddress("127.0.0.1", 0));
        server.bind();
    }

    @AfterEach
    void stop() {
        server.unbind();
        audit.close();
        database.close();
    }

    private static BaseConfiguration direction(String value) {
        BaseConfiguration configuration = new BaseConfiguration();
        if (value != null) {
            configuration.addProperty(AuditSmtpHook.DIRECTION, value);
        }
        return configuration;
    }

    @Test
    void everyDecisionOfAMutualTlsSessionIsRecordedWithItsTlsFacts() throws Exception {
        InetSocketAddress address = server.getListenAddresses().get(0);
        try (Socket plain = new Socket(address.getAddress(), address.getPort())) {
            Conversation clear = new Conversation(plain.getInputStream(), plain.getOutputStream());
            assertThat(clear.reply()).startsWith("220");
            assertThat(clear.command("EHLO mail.autre-operateur.mssante.test")).startsWith("250");
            assertThat(clear.command("STARTTLS")).startsWith("220");
            SSLSocket tls = (SSLSocket) clientTls.getSocketFactory().createSocket(plain, "127.0.0.1", address.getPort(), true);
            tls.startHandshake();
            Conversation smtp = new Conversation(tls.getInputStream(), tls.getOutputStream());
            assertThat(smtp.command("EHLO mail.autre-operateur.mssante.test")).startsWith("250");
            assertThat(smtp.command("MAIL FROM:<Expediteur@autre-operateur.mssante.test> SIZE=300")).startsWith("250");
            assertThat(smtp.command("RCPT TO:<medecin@demo.mssante.test>"))
                .isEqualTo("550 5.2.1 mailbox <medecin@demo.mssante.test> is suspended");
            assertThat(smtp.command("RCPT TO:<secretariat@demo.mssante.test>")).startsWith("250");
            assertThat(smtp.command("DATA")).startsWith("354");
            assertThat(smtp.command("""
                From: <expediteur@autre-operateur.mssante.test>\r
                To: <secretariat@demo.mssante.test>\r
                Subject: Compte rendu confidentiel\r
                Message-ID: <audit-test-1@autre-operateur.mssante.test>\r
                X-MSS-Test: secret-header-value\r
                \r
                SECRET-BODY-TEXT of a medical report\r
                .""")).isEqualTo("250 2.6.0 Message received");
            smtp.command("QUIT");
        }

        List<AuditEvent> events = audit.query(AuditQuery.all());

        assertThat(events).extracting(AuditEvent::decision, AuditEvent::smtpCode, AuditEvent::recipient).containsExactly(
            org.assertj.core.groups.Tuple.tuple(AuditDecision.ACCEPTED, "250", "secretariat@demo.mssante.test"),
            org.assertj.core.groups.Tuple.tuple(AuditDecision.ACCEPTED, "250", "secretariat@demo.mssante.test"),
            org.assertj.core.groups.Tuple.tuple(AuditDecision.REFUSED, "550", "medecin@demo.mssante.test"),
            org.assertj.core.groups.Tuple.tuple(AuditDecision.ACCEPTED, "250", null));
        AuditEvent message = events.get(0);
        assertThat(message.messageId()).isEqualTo("<audit-test-1@autre-operateur.mssante.test>");
        assertThat(message.size()).isPositive();
        assertThat(message.enhancedStatusCode()).isEqualTo("2.6.0");
        assertThat(message.reason()).isEqualTo("Message received");
        AuditEvent refused = events.get(2);
        assertThat(refused.enhancedStatusCode()).isEqualTo("5.2.1");
        assertThat(refused.reason()).isEqualTo("mailbox <medecin@demo.mssante.test> is suspended");
        assertThat(events.get(3).mailFrom()).isEqualTo("expediteur@autre-operateur.mssante.test");
        for (AuditEvent event : events) {
            assertThat(event.direction()).isEqualTo(AuditDirection.INBOUND);
            assertThat(event.mailFrom()).isEqualTo("expediteur@autre-operateur.mssante.test");
            assertThat(event.sessionId()).isNotBlank().isEqualTo(message.sessionId());
            assertThat(event.listener()).isEqualTo("smtp:" + address.getPort());
            assertThat(event.peerIp()).isEqualTo("127.0.0.1");
            assertThat(event.peerCertificateDn()).isEqualTo(CLIENT_DN);
            assertThat(event.tlsProtocol()).startsWith("TLSv1.");
            assertThat(event.tlsCipherSuite()).startsWith("TLS_");
            assertThat(event.toString()).doesNotContain("SECRET-BODY", "confidentiel", "secret-header-value");
        }
    }

    @Test
    void refusalsByJamesCoreChecksAreRecordedToo() throws Exception {
        InetSocketAddress address = server.getListenAddresses().get(0);
        try (Socket socket = new Socket(address.getAddress(), address.getPort())) {
            Conversation smtp = new Conversation(socket.getInputStream(), socket.getOutputStream());
            smtp.reply();
            smtp.command("HELO client.test");
            assertThat(smtp.command("RCPT TO:<secretariat@demo.mssante.test>")).startsWith("503");
            assertThat(smtp.command("MAIL FROM:<not an address>")).startsWith("501");
            assertThat(smtp.command("MAIL FROM:<>")).startsWith("250");
            assertThat(smtp.command("DATA")).startsWith("503");
            smtp.command("QUIT");
        }

        assertThat(audit.query(AuditQuery.all()))
            .extracting(AuditEvent::decision, AuditEvent::smtpCode, AuditEvent::mailFrom, AuditEvent::recipient, AuditEvent::tlsProtocol)
            .containsExactly(
                org.assertj.core.groups.Tuple.tuple(AuditDecision.REFUSED, "503", "<>", null, null),
                org.assertj.core.groups.Tuple.tuple(AuditDecision.ACCEPTED, "250", "<>", null, null),
                org.assertj.core.groups.Tuple.tuple(AuditDecision.REFUSED, "501", "not an address", null, null),
                org.assertj.core.groups.Tuple.tuple(AuditDecision.REFUSED, "503", null, "secretariat@demo.mssante.test", null));
    }

    @Test
    void theDirectionIsRequiredAndChecked() {
        AuditSmtpHook hook = new AuditSmtpHook(audit, Clock.systemUTC());

        assertThatThrownBy(() -> hook.init(direction(null))).isInstanceOf(ConfigurationException.class)
            .hasMessage(AuditSmtpHook.class.getName() + " needs <direction> (INBOUND on port 25, SUBMISSION on 587/465)");
        assertThatThrownBy(() -> hook.init(direction("OUTBOUND"))).isInstanceOf(ConfigurationException.class)
            .hasMessageContaining("must be INBOUND or SUBMISSION, got OUTBOUND");
        assertThatThrownBy(() -> hook.init(direction("inbond"))).isInstanceOf(ConfigurationException.class)
            .hasMessageContaining("unknown direction 'inbond'");
    }

    /** SMTP lines over a stream; replies read up to their last line. */
    private static final class Conversation {
        private final BufferedReader in;
        private final PrintWriter out;

        Conversation(InputStream input, OutputStream output) {
            this.in = new BufferedReader(new InputStreamReader(input, StandardCharsets.UTF_8));
            this.out = new PrintWriter(output, true, StandardCharsets.UTF_8);
        }

        String command(String line) throws Exception {
            out.print(line + "\r\n");
            out.flush();
            return reply();
        }

        String reply() throws Exception {
            String line = in.readLine();
            while (line != null && line.length() > 3 && line.charAt(3) == '-') {
                line = in.readLine();
            }
            return line;
        }
    }
}
