package fr.mssante.operator.trust.tls;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLServerSocket;
import javax.net.ssl.SSLSocket;
import fr.mssante.operator.trust.validation.CertificateProfile;
import fr.mssante.operator.trust.whitelist.ListeBlanche;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * What the outbound socket reports to its observer, over a real TLS session with a scripted SMTP peer: the
 * transaction as the peer answered it (local trust refusals included), and a handshake refused by the trust space,
 * also when the peer was accepted a moment before (no TLS session resumption past
 * {@link TrustSpaceSsl#CLIENT_SESSION_REUSE_SECONDS}).
 */
class OutboundTranscriptTest {
    static final String HOST = "mx.operateur-b.mssante.test";

    @BeforeAll
    static void setUp() throws Exception {
        TlsHandshakeTest.setUp();
    }

    @Test
    void transactionOutcomeIsReportedWithTheRepliesTheMessageIdAndTheSession() throws Exception {
        Recorder recorder = new Recorder();
        String message = "From: <medecin@a.mssante.test>\r\n"
            + "Message-ID:\r\n <transcript-1@a.mssante.test>\r\n"
            + "Subject: compte rendu\r\n"
            + "\r\n"
            + "..ligne commencant par un point\r\n"
            + "fin\r\n";
        List<String> replies = converse(recorder, List.of(
            "EHLO mx.operateur-a.mssante.test",
            "MAIL FROM:<medecin@a.mssante.test>",
            "RCPT TO:<secretariat@b.mssante.test>",
            "RCPT TO:<ailleurs@a.mssante.test>",
            "RCPT TO:<inconnu@b.mssante.test>",
            "DATA",
            message + ".",
            "MAIL FROM:<medecin@a.mssante.test>",
            "RCPT TO:<inconnu@b.mssante.test>",
            "RSET",
            "QUIT"));

        assertThat(replies.get(3)).startsWith("550 5.7.1 MSSante trust space:").contains("NOT_LISTED");
        assertThat(recorder.transactions).hasSize(2);
        OutboundTransaction delivered = recorder.transactions.get(0);
        assertThat(delivered.peer().host()).isEqualTo(HOST);
        assertThat(delivered.peer().address()).isEqualTo("127.0.0.1");
        assertThat(delivered.peer().certificateDn()).contains("mx.operateur-b.mssante.test");
        assertThat(delivered.peer().tlsProtocol()).startsWith("TLSv1.");
        assertThat(delivered.peer().tlsCipherSuite()).isNotBlank();
        assertThat(delivered.mailFrom()).isEqualTo("medecin@a.mssante.test");
        assertThat(delivered.recipients()).extracting(r -> r.recipient() + " " + r.reply().code())
            .containsExactly("secretariat@b.mssante.test 250", "ailleurs@a.mssante.test 550", "inconnu@b.mssante.test 550");
        assertThat(delivered.recipients().get(1).reply().text()).contains("not listed for recipient domain a.mssante.test");
        assertThat(delivered.recipients()).extracting(r -> r.reply().local()).containsExactly(false, true, false);
        assertThat(delivered.recipients().get(2).reply().text()).isEqualTo("5.1.1 unknown mailbox");
        assertThat(delivered.messageId()).isEqualTo("<transcript-1@a.mssante.test>");
        assertThat(delivered.size()).as("bytes of the message, dot-stuffing undone")
            .isEqualTo(message.getBytes(StandardCharsets.US_ASCII).length - 1);
        assertThat(delivered.dataReply()).isEqualTo(new OutboundReply(250, "2.0.0 Ok: queued as TRANSCRIPT", false));

        OutboundTransaction abandoned = recorder.transactions.get(1);
        assertThat(abandoned.dataReply()).isNull();
        assertThat(abandoned.messageId()).isNull();
        assertThat(abandoned.recipients()).extracting(r -> r.reply().code()).containsExactly(550);
        assertThat(recorder.failures).isEmpty();
    }

    @Test
    void refusedHandshakeIsReportedWithTheCertificateAndTheReason() throws Exception {
        Recorder recorder = new Recorder();
        MssanteSocketFactory factory = new MssanteSocketFactory(TlsHandshakeTest.context(TlsHandshakeTest.operatorA),
            () -> TlsHandshakeTest.listeBlanche, recorder);
        Handshake h = Handshake.run(TlsHandshakeTest.context(TlsHandshakeTest.unlisted), factory, "mx.non-liste.mssante.test");

        assertThat(h.succeeded()).isFalse();
        assertThat(recorder.failures).hasSize(1);
        OutboundHandshakeFailure failure = recorder.failures.get(0);
        assertThat(failure.host()).isEqualTo("mx.non-liste.mssante.test");
        assertThat(failure.address()).isEqualTo("127.0.0.1");
        assertThat(failure.certificateDn()).contains("mx.non-liste.mssante.test");
        assertThat(failure.reason()).startsWith("NOT_LISTED: ").contains("not listed in the liste blanche");
        assertThat(recorder.transactions).isEmpty();
    }

    @Test
    void aPeerDroppedFromTheListeBlancheIsRefusedAtItsNextConnectionNotResumed() throws Exception {
        // Same factory (same client session cache), same host and port: a resumed TLS session would skip the check.
        AtomicReference<ListeBlanche> list = new AtomicReference<>(TlsHandshakeTest.listeBlanche);
        Recorder recorder = new Recorder();
        TrustSpaceTrustManager trust = new TrustSpaceTrustManager(TlsHandshakeTest.validator,
            Set.of(CertificateProfile.SERV_SSL_CLIENT), CertificateProfile.SERV_SSL_SERVER, list::get);
        MssanteSocketFactory factory = new MssanteSocketFactory(TrustSpaceSsl.context(OperatorKeys.fromKeyStore(
            TlsHandshakeTest.operatorA.keyStore(TlsHandshakeTest.PASSWORD), TlsHandshakeTest.PASSWORD), trust), list::get, recorder);
        SSLContext server = TlsHandshakeTest.context(TlsHandshakeTest.operatorB);
        try (SSLServerSocket listener = (SSLServerSocket) server.getServerSocketFactory()
                .createServerSocket(0, 2, InetAddress.getLoopbackAddress())) {
            listener.setSSLParameters(TrustSpaceSsl.serverParameters(server));
            CompletableFuture<Void> peer = CompletableFuture.runAsync(() -> {
                for (int i = 0; i < 2; i++) {
                    try (SSLSocket s = (SSLSocket) listener.accept()) {
                        s.setSoTimeout(10_000);
                        s.getOutputStream().write("220 ready\r\n".getBytes(StandardCharsets.US_ASCII));
                        s.getOutputStream().flush();
                        s.getInputStream().read();
                    } catch (Exception e) {
                        // the second client refuses the handshake
                    }
                }
            });
            assertThat(connect(factory, listener.getLocalPort())).startsWith("220");
            list.set(ListeBlanche.EMPTY);
            // Past the client session's reuse time (TrustSpaceSsl.CLIENT_SESSION_REUSE_SECONDS): JSSE's default would
            // resume the session for 24 hours without asking the trust manager.
            Thread.sleep(TrustSpaceSsl.CLIENT_SESSION_REUSE_SECONDS * 1000L + 200);
            assertThatThrownBy(() -> connect(factory, listener.getLocalPort())).isInstanceOf(javax.net.ssl.SSLException.class);
            peer.get(20, TimeUnit.SECONDS);
        }
        assertThat(recorder.failures).extracting(OutboundHandshakeFailure::reason).singleElement()
            .asString().startsWith("NOT_LISTED");
    }

    private static String connect(MssanteSocketFactory factory, int port) throws Exception {
        try (Socket plain = new Socket(InetAddress.getLoopbackAddress(), port);
             SSLSocket tls = (SSLSocket) factory.createSocket(plain, HOST, port, true)) {
            tls.setSoTimeout(10_000);
            tls.startHandshake();
            String greeting = new BufferedReader(new InputStreamReader(tls.getInputStream(), StandardCharsets.US_ASCII)).readLine();
            tls.getOutputStream().write("QUIT\r\n".getBytes(StandardCharsets.US_ASCII));
            tls.getOutputStream().flush();
            return greeting;
        }
    }

    /** Sends each command (or message) over a TLS session to a scripted peer; returns the reply to each. */
    private static List<String> converse(Recorder recorder, List<String> commands) throws Exception {
        MssanteSocketFactory factory = new MssanteSocketFactory(TlsHandshakeTest.context(TlsHandshakeTest.operatorA),
            () -> TlsHandshakeTest.listeBlanche, recorder);
        try (SSLServerSocket listener = (SSLServerSocket) TlsHandshakeTest.context(TlsHandshakeTest.operatorB)
                .getServerSocketFactory().createServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            listener.setSSLParameters(TrustSpaceSsl.serverParameters(TlsHandshakeTest.context(TlsHandshakeTest.operatorB)));
            CompletableFuture<Void> peer = CompletableFuture.runAsync(() -> scriptedPeer(listener));
            List<String> replies = new CopyOnWriteArrayList<>();
            try (Socket plain = new Socket(InetAddress.getLoopbackAddress(), listener.getLocalPort());
                 SSLSocket tls = (SSLSocket) factory.createSocket(plain, HOST, listener.getLocalPort(), true)) {
                tls.setSoTimeout(10_000);
                tls.startHandshake();
                OutputStream out = tls.getOutputStream();
                BufferedReader in = new BufferedReader(new InputStreamReader(tls.getInputStream(), StandardCharsets.US_ASCII));
                for (String command : commands) {
                    out.write((command + "\r\n").getBytes(StandardCharsets.US_ASCII));
                    out.flush();
                    replies.add(reply(in));
                }
            }
            peer.get(20, TimeUnit.SECONDS);
            return replies;
        }
    }

    private static String reply(BufferedReader in) throws Exception {
        String line;
        do {
            line = in.readLine();
        } while (line != null && line.length() > 3 && line.charAt(3) == '-');
        return line;
    }

    /** A peer MTA: multi-line EHLO, refuses inconnu@, queues the message. */
    private static void scriptedPeer(SSLServerSocket listener) {
        try (SSLSocket s = (SSLSocket) listener.accept()) {
            s.setSoTimeout(10_000);
            BufferedReader in = new BufferedReader(new InputStreamReader(s.getInputStream(), StandardCharsets.US_ASCII));
            OutputStream out = s.getOutputStream();
            boolean data = false;
            for (String line = in.readLine(); line != null; line = in.readLine()) {
                String reply;
                if (data) {
                    if (!line.equals(".")) {
                        continue;
                    }
                    data = false;
                    reply = "250 2.0.0 Ok: queued as TRANSCRIPT";
                } else if (line.startsWith("EHLO")) {
                    reply = "250-" + HOST + "\r\n250-8BITMIME\r\n250 STARTTLS";
                } else if (line.startsWith("RCPT") && line.contains("inconnu@")) {
                    reply = "550 5.1.1 unknown mailbox";
                } else if (line.equals("DATA")) {
                    data = true;
                    reply = "354 End data with <CR><LF>.<CR><LF>";
                } else if (line.equals("QUIT")) {
                    out.write("221 2.0.0 Bye\r\n".getBytes(StandardCharsets.US_ASCII));
                    return;
                } else {
                    reply = "250 2.0.0 Ok";
                }
                out.write((reply + "\r\n").getBytes(StandardCharsets.US_ASCII));
                out.flush();
            }
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private static final class Recorder implements OutboundSmtpObserver {
        final List<OutboundTransaction> transactions = new CopyOnWriteArrayList<>();
        final List<OutboundHandshakeFailure> failures = new CopyOnWriteArrayList<>();

        @Override
        public void transactionEnded(OutboundTransaction transaction) {
            transactions.add(transaction);
        }

        @Override
        public void handshakeFailed(OutboundHandshakeFailure failure) {
            failures.add(failure);
        }
    }
}
