package fr.mssante.operator.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.ServerSocket;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;

import jakarta.mail.Message;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeMessage;

import org.apache.james.GuiceJamesServer;
import org.apache.james.lifecycle.api.Disposable;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import fr.mssante.operator.trust.pki.TestPki;

/**
 * Operator B is unreachable, so A's mail for B waits for a retry; meanwhile B's domain leaves the liste blanche.
 * The next attempt must not deliver but bounce, with a DSN that says the domain left the trust space.
 */
class ListeBlancheChangeWhileQueuedTest {
    static final String DOMAIN_A = "operateur-a.mssante.test";
    static final String DOMAIN_B = "parti.mssante.test";
    static final String SENDER = "dpi@" + DOMAIN_A;
    static final String PASSWORD = "queued-password";

    @TempDir
    Path root;
    GuiceJamesServer server;

    @AfterEach
    void stop() {
        if (server != null) {
            server.stop();
        }
    }

    @Test
    void mailQueuedForADomainThatLeavesTheListIsBouncedWithTheReason() throws Exception {
        TestPki pki = TestPki.create(root.resolve("pki"));
        Path listeBlanche = root.resolve("listeblanche.xml");
        TestHome a = TestHome.install(root.resolve("a"), pki, "mx." + DOMAIN_A, listeBlanche);
        var b = pki.issueServerCertificate("mx." + DOMAIN_B, "1690000009", "OPERATEUR PARTI");
        pki.writeListeBlanche(listeBlanche, Map.of(DOMAIN_A, List.of(a.operator.certificate()),
            DOMAIN_B, List.of(b.certificate())));
        a.home.relayThroughGateway("localhost", closedPort());
        a.fastRelayRetries(30);
        server = MssanteServerMain.start(a.root().toFile());
        a.webAdmin().ensureDomain(DOMAIN_A);
        a.webAdmin().ensureMailbox(SENDER, "APP", "DPI", PASSWORD);
        Set<Object> undisposedBefore = Set.copyOf(Disposable.LeakAware.REFERENCES_IN_USE.keySet());

        MimeMessage message = new MimeMessage(MailClients.submissionSession(a.port(587)));
        message.setFrom(new InternetAddress(SENDER));
        message.setRecipient(Message.RecipientType.TO, new InternetAddress("secretariat@" + DOMAIN_B));
        message.setSubject("compte rendu pour B");
        message.setText("compte rendu\r\n");
        message.saveChanges();
        MailClients.submit(a.port(587), SENDER, PASSWORD, message);
        awaitDeferral(a, "secretariat@" + DOMAIN_B);

        pki.writeListeBlanche(listeBlanche, Map.of(DOMAIN_A, List.of(a.operator.certificate())));
        assertThat(a.webAdmin().post("/mssante/trust/listeblanche?action=reload", "").statusCode())
            .as("half the domains gone: refused without acceptShrink").isEqualTo(409);
        assertThat(a.webAdmin().post("/mssante/trust/listeblanche?action=reload&acceptShrink=true", "").body())
            .contains("\"domains\":1");

        String dsn = MailClients.raw(MailClients.awaitMessage(a.port(993), SENDER, PASSWORD,
            candidate -> MailClients.raw(candidate).contains("delivery-status")));
        assertThat(dsn).contains("secretariat@" + DOMAIN_B, "5.7.1", "outside the MSSante trust space");
        assertThat(a.webAdmin().get("/mssante/audit?recipient=secretariat@" + DOMAIN_B).body())
            .contains("\"decision\":\"BOUNCED\"");
        awaitDisposed(undisposedBefore);
    }

    /**
     * Every message copy made on the way (the bounced part is a duplicate of the mail) is disposed once the mail is
     * done: an undisposed one keeps its temporary file until a garbage collection and then logs "Leak detected!".
     */
    private static void awaitDisposed(Set<Object> undisposedBefore) throws Exception {
        long deadline = System.nanoTime() + 10_000_000_000L;
        while (!undisposedBefore.containsAll(Disposable.LeakAware.REFERENCES_IN_USE.keySet())
                && System.nanoTime() < deadline) {
            Thread.sleep(100);
        }
        assertThat(Disposable.LeakAware.REFERENCES_IN_USE.keySet()).as("message copies not disposed")
            .allMatch(undisposedBefore::contains);
    }

    /** The mail is really queued: its first delivery attempt failed and was deferred (audit trail). */
    private static void awaitDeferral(TestHome home, String recipient) throws Exception {
        long deadline = System.nanoTime() + 60_000_000_000L;
        while (!home.webAdmin().get("/mssante/audit?decision=DEFERRED&recipient=" + recipient).body().contains("DEFERRED")) {
            assertThat(System.nanoTime()).as("deferred within 60 s").isLessThan(deadline);
            Thread.sleep(200);
        }
    }

    private static int closedPort() throws Exception {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}
