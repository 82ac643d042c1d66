package fr.mssante.operator.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import javax.net.ssl.SSLException;

import jakarta.mail.Message;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeMessage;

import org.apache.james.GuiceJamesServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import fr.mssante.operator.trust.pki.IssuedCertificate;
import fr.mssante.operator.trust.pki.TestPki;
import fr.mssante.operator.trust.pki.TestProfile;

/**
 * Two operators of one TEST hierarchy: A (in this JVM) and B (a child JVM), both in the liste blanche. Mail goes
 * A → B over mutual TLS; peers C of every bad kind knock on A's port 25 and get the code that tells them why.
 */
class TwoOperatorsTest {
    static final String DOMAIN_A = "operateur-a.mssante.test";
    static final String DOMAIN_B = "operateur-b.mssante.test";
    static final String DOMAIN_C = "operateur-c.mssante.test";
    static final String DOMAIN_R = "revoque.mssante.test";
    static final String DPI_A = "dpi@" + DOMAIN_A;
    static final String MEDECIN_A = "medecin@" + DOMAIN_A;
    static final String SECRETARIAT_B = "secretariat@" + DOMAIN_B;
    static final String PASSWORD = "two-operators-password";
    static final String SECRET = "peer-secret";

    @TempDir
    static Path root;
    static TestPki pki;
    static TestHome a;
    static TestHome b;
    static GuiceJamesServer serverA;
    static ChildServer serverB;
    static Path unlistedPeer;
    static Path peerListedForAnotherDomain;
    static Path revokedPeer;
    static Path expiredPeer;
    static Path signatureCertificate;
    static X509Certificate expiredCertificate;
    static X509Certificate signatureOnly;
    static Path lookAlikePeer;
    static Path wrongPolicyPeer;
    static Path listeBlanche;
    static Map<String, List<java.security.cert.X509Certificate>> listedDomains;
    static IssuedCertificate otherOperatorOfC;

    @BeforeAll
    static void startBothOperators() throws Exception {
        pki = TestPki.create(root.resolve("pki"));
        listeBlanche = root.resolve("listeblanche.xml");
        a = TestHome.install(root.resolve("a"), pki, "mx." + DOMAIN_A, listeBlanche);
        b = TestHome.install(root.resolve("b"), pki, "mx." + DOMAIN_B, listeBlanche);
        a.home.relayThroughGateway("localhost", b.port(25));
        a.fastRelayRetries(3);
        b.home.relayThroughGateway("localhost", a.port(25));

        IssuedCertificate unlisted = pki.issueServerCertificate("mx." + DOMAIN_C, "1690000001", "OPERATEUR C");
        IssuedCertificate otherOperator = pki.issueServerCertificate("mx2." + DOMAIN_C, "1690000002", "OPERATEUR C BIS");
        IssuedCertificate revoked = pki.issueServerCertificate("mx." + DOMAIN_R, "1690000003", "OPERATEUR REVOQUE");
        pki.revoke(revoked.certificate());
        IssuedCertificate expired = pki.issue(pki.serverRequest("mx.expire.mssante.test", "1690000004", "OPERATEUR EXPIRE",
            "Paris (75)").withValidity(java.time.Instant.now().minus(Duration.ofDays(400)),
            java.time.Instant.now().minus(Duration.ofDays(1))));
        IssuedCertificate signature = pki.issueOrganisationCertificate(TestProfile.ORG_SIGNATURE, "mx." + DOMAIN_C,
            "1690000005", "OPERATEUR C");
        IssuedCertificate wrongPolicy = pki.issue(pki.serverRequest("mx3." + DOMAIN_C, "1690000006", "OPERATEUR C TER",
            "Paris (75)").withPolicies(List.of("1.2.3.4.5")));
        pki.writeCrls(Duration.ofDays(30));
        unlistedPeer = unlisted.writePkcs12(root.resolve("c-unlisted.p12"), SECRET.toCharArray());
        peerListedForAnotherDomain = otherOperator.writePkcs12(root.resolve("c-other.p12"), SECRET.toCharArray());
        revokedPeer = revoked.writePkcs12(root.resolve("revoked.p12"), SECRET.toCharArray());
        expiredCertificate = expired.certificate();
        signatureOnly = signature.certificate();
        expiredPeer = expired.writePkcs12(root.resolve("expired.p12"), SECRET.toCharArray());
        signatureCertificate = signature.writePkcs12(root.resolve("signature.p12"), SECRET.toCharArray());
        wrongPolicyPeer = wrongPolicy.writePkcs12(root.resolve("wrong-policy.p12"), SECRET.toCharArray());
        lookAlikePeer = TestPki.create(root.resolve("look-alike-pki"))
            .issueServerCertificate("mx." + DOMAIN_C, "1690000001", "OPERATEUR C")
            .writePkcs12(root.resolve("look-alike.p12"), SECRET.toCharArray());

        // C's domain is listed, but for another certificate than C's: "not listed for that domain".
        otherOperatorOfC = otherOperator;
        listedDomains = Map.of(
            DOMAIN_A, List.of(a.operator.certificate()),
            DOMAIN_B, List.of(b.operator.certificate()),
            DOMAIN_C, List.of(otherOperator.certificate(), wrongPolicy.certificate()),
            DOMAIN_R, List.of(revoked.certificate()));
        pki.writeListeBlanche(listeBlanche, listedDomains);

        serverA = MssanteServerMain.start(a.root().toFile());
        serverB = new ChildServer(b);
        serverB.start();
        a.webAdmin().ensureDomain(DOMAIN_A);
        a.webAdmin().ensureMailbox(DPI_A, "APP", "DPI de l'opérateur A", PASSWORD);
        a.webAdmin().ensureMailbox(MEDECIN_A, "PER", "Médecin de l'opérateur A", PASSWORD);
        b.webAdmin().ensureDomain(DOMAIN_B);
        b.webAdmin().ensureMailbox(SECRETARIAT_B, "ORG", "Secrétariat de l'opérateur B", PASSWORD);
    }

    @AfterAll
    static void stop() throws Exception {
        if (serverA != null) {
            serverA.stop();
        }
        if (serverB != null) {
            serverB.close();
        }
    }

    @Test
    void mailFromAToBTravelsOverMutualTlsAndArrivesByteIdentical() throws Exception {
        MimeMessage message = new MimeMessage(MailClients.submissionSession(a.port(587)));
        message.setFrom(new InternetAddress(DPI_A));
        message.setRecipient(Message.RecipientType.TO, new InternetAddress(SECRETARIAT_B));
        message.setSubject("XDM/1.0/DDM+Lettre de liaison — sortie du 21/11", "UTF-8");
        message.setHeader("X-MSS-CODECDA", "34133-9");
        message.setHeader("X-MSS-INS", "O");
        message.setHeader("X-MSS-NIL", "DPI-A 4.2");
        message.setHeader("X-MSS-MES", "FIN");
        message.setText("Lettre de liaison.\r\nTraitement inchangé.\r\n", "UTF-8");
        message.saveChanges();

        MailClients.submit(a.port(587), DPI_A, PASSWORD, message);

        MimeMessage received = MailClients.awaitMessage(b.port(993), SECRETARIAT_B, PASSWORD,
            MailClients.withMessageId(message.getMessageID()));
        for (String header : List.of("Subject", "X-MSS-CODECDA", "X-MSS-INS", "X-MSS-NIL", "X-MSS-MES", "From", "To")) {
            assertThat(received.getHeader(header)).as(header).isEqualTo(message.getHeader(header));
        }
        assertThat(body(received)).isEqualTo(body(message));

        String id = java.net.URLEncoder.encode(message.getMessageID(), StandardCharsets.UTF_8);
        String auditA = awaitAuditRow(a, "/mssante/audit?messageId=" + id, "OUTBOUND", "DELIVERED");
        assertThat(auditA).contains("\"direction\":\"SUBMISSION\"", "\"authenticatedUser\":\"" + DPI_A + "\"");
        // A's own record of B's answer to the end of DATA, from the TLS session RemoteDelivery used.
        assertThat(row(auditA, "OUTBOUND", "DELIVERED")).contains("\"listener\":\"remote-delivery\"",
            "\"peerIp\":\"127.0.0.1\"", "\"peerCertificateDn\":\"" + b.operator.certificate().getSubjectX500Principal().getName(),
            "\"tlsProtocol\":\"TLSv1.", "\"tlsCipherSuite\":\"TLS_", "\"mailFrom\":\"" + DPI_A + "\"",
            "\"recipient\":\"" + SECRETARIAT_B + "\"", "\"size\":", "\"smtpCode\":\"250\"", "\"reason\":\"accepted by localhost:");
        String auditB = awaitAudit(b, id, "LOCAL_DELIVERY");
        assertThat(auditB).contains("\"direction\":\"INBOUND\"", "CN=mx." + DOMAIN_A, "TLSv1.3",
            "\"direction\":\"LOCAL_DELIVERY\"", "\"decision\":\"DELIVERED\"");
        assertThat(auditA + auditB).doesNotContain("Traitement inchang");
    }

    /** The audit rows answering {@code query} on one operator, once one of them has that direction and decision. */
    private static String awaitAuditRow(TestHome home, String query, String direction, String decision) throws Exception {
        long deadline = System.nanoTime() + 30_000_000_000L;
        String rows = "";
        while (System.nanoTime() < deadline) {
            rows = home.webAdmin().get(query).body();
            if (row(rows, direction, decision) != null) {
                return rows;
            }
            Thread.sleep(250);
        }
        throw new AssertionError("no " + direction + " " + decision + " audit row within 30 s: " + rows);
    }

    /** The first row (JSON object) of {@code rows} with that direction and decision, or null. */
    private static String row(String rows, String direction, String decision) {
        java.util.regex.Matcher row = java.util.regex.Pattern.compile("\\{[^{}]*\"direction\":\"" + direction
            + "\"[^{}]*\"decision\":\"" + decision + "\"[^{}]*}").matcher(rows);
        return row.find() ? row.group() : null;
    }

    /** The audit rows of one message on one operator, once a row of {@code direction} is there. */
    private static String awaitAudit(TestHome home, String encodedMessageId, String direction) throws Exception {
        long deadline = System.nanoTime() + 30_000_000_000L;
        String rows = "";
        while (System.nanoTime() < deadline) {
            rows = home.webAdmin().get("/mssante/audit?messageId=" + encodedMessageId).body();
            if (rows.contains("\"direction\":\"" + direction + "\"")) {
                return rows;
            }
            Thread.sleep(250);
        }
        throw new AssertionError("no " + direction + " audit row within 30 s: " + rows);
    }

    @Test
    void outboundPeerNotListedForTheRecipientDomainIsNeverGivenTheMail() throws Exception {
        // C's domain is listed for another operator's certificate; A's gateway reaches B, a listed operator but not
        // one listed for C's domain: the RCPT must never leave A, and A's sender gets a DSN saying why.
        MimeMessage message = new MimeMessage(MailClients.submissionSession(a.port(587)));
        message.setFrom(new InternetAddress(DPI_A));
        message.setRecipient(Message.RecipientType.TO, new InternetAddress("accueil@" + DOMAIN_C));
        message.setSubject("pour un domaine d'un autre operateur");
        message.setText("texte\r\n");
        message.saveChanges();
        MailClients.submit(a.port(587), DPI_A, PASSWORD, message);

        String dsn = MailClients.raw(MailClients.awaitMessage(a.port(993), DPI_A, PASSWORD,
            candidate -> MailClients.raw(candidate).contains("accueil@" + DOMAIN_C) && MailClients.raw(candidate).contains("delivery-status")));
        assertThat(dsn).contains("not listed for recipient domain " + DOMAIN_C);
        String refused = row(awaitAuditRow(a, "/mssante/audit?direction=OUTBOUND&recipient=accueil@" + DOMAIN_C, "OUTBOUND", "REFUSED"),
            "OUTBOUND", "REFUSED");
        assertThat(refused).contains("\"smtpCode\":\"550\"", "\"enhancedStatusCode\":\"5.7.1\"",
            "not sent to localhost: MSSante trust space:", "not listed for recipient domain " + DOMAIN_C);
        assertThat(b.webAdmin().get("/mssante/audit?recipient=accueil@" + DOMAIN_C).body()).isEqualTo("[]");
    }

    @Test
    void outboundHandshakeWithAPeerWhoseCertificateIsNotListedIsRefusedAndAudited() throws Exception {
        // B's domain stays listed, but for another certificate than the one B presents: A's trust manager refuses
        // B's certificate during the handshake, and A's audit trail says so.
        Map<String, List<java.security.cert.X509Certificate>> withoutB = new java.util.HashMap<>(listedDomains);
        withoutB.put(DOMAIN_B, List.of(otherOperatorOfC.certificate()));
        pki.writeListeBlanche(listeBlanche, withoutB);
        assertThat(a.webAdmin().post("/mssante/trust/listeblanche?action=reload", "").statusCode()).isEqualTo(200);
        try {
            MimeMessage message = new MimeMessage(MailClients.submissionSession(a.port(587)));
            message.setFrom(new InternetAddress(DPI_A));
            message.setRecipient(Message.RecipientType.TO, new InternetAddress(SECRETARIAT_B));
            message.setSubject("vers un pair dont le certificat n'est plus liste");
            message.setText("texte\r\n");
            message.saveChanges();
            MailClients.submit(a.port(587), DPI_A, PASSWORD, message);

            String refused = row(awaitAuditRow(a, "/mssante/audit?direction=OUTBOUND&decision=REFUSED&limit=1000",
                "OUTBOUND", "REFUSED"), "OUTBOUND", "REFUSED");
            assertThat(refused).contains("\"listener\":\"remote-delivery\"", "\"peerIp\":\"127.0.0.1\"",
                "\"peerCertificateDn\":\"" + b.operator.certificate().getSubjectX500Principal().getName(),
                "TLS handshake with localhost failed: NOT_LISTED");
        } finally {
            pki.writeListeBlanche(listeBlanche, listedDomains);
            assertThat(a.webAdmin().post("/mssante/trust/listeblanche?action=reload", "").statusCode()).isEqualTo(200);
        }
    }

    @Test
    void peerWithoutStartTlsIsAskedForIt() throws Exception {
        try (SmtpDialog smtp = new SmtpDialog(a.port(25))) {
            smtp.command("EHLO mx." + DOMAIN_B);
            assertThat(smtp.command("MAIL FROM:<x@" + DOMAIN_B + ">")).startsWith("530 5.7.0");
        }
    }

    @Test
    void unlistedOperatorIsRefusedWithTheDomainNamed() throws Exception {
        assertThat(mailFromAsPeer(unlistedPeer, "someone@unlisted.mssante.test"))
            .startsWith("550 5.7.1").contains("unlisted.mssante.test", "outside the MSSante trust space");
    }

    @Test
    void certificateNotListedForItsDomainIsRefused() throws Exception {
        assertThat(mailFromAsPeer(unlistedPeer, "someone@" + DOMAIN_C))
            .startsWith("550 5.7.1").contains("not listed for sender domain " + DOMAIN_C);
    }

    @Test
    void listedOperatorSpeakingForAnotherOperatorsDomainIsRefused() throws Exception {
        assertThat(mailFromAsPeer(b.home.tlsKeystore(), TestHome.KEYSTORE_SECRET, "usurpateur@" + DOMAIN_A))
            .startsWith("550 5.7.1").contains("not listed for sender domain " + DOMAIN_A);
    }

    @Test
    void revokedCertificateIsRefusedEvenWhenListed() throws Exception {
        assertThat(mailFromAsPeer(revokedPeer, "someone@" + DOMAIN_R)).startsWith("550 5.7.1").contains("REVOKED");
    }

    @Test
    void certificateOfTheWrongProfileIsRefusedEvenWhenListed() throws Exception {
        assertThat(mailFromAsPeer(wrongPolicyPeer, "someone@" + DOMAIN_C)).startsWith("550 5.7.1").contains("WRONG_PROFILE");
    }

    @Test
    void signatureCertificateUsedForTlsIsRefusedWithTheProfileNamed() throws Exception {
        // Its chain is IGC-Santé's, so the handshake completes; its key usage (non-repudiation only) is the hook's to judge.
        assertThat(assertRefusedAtMailFromAndAudited(signatureCertificate, "signature-only@" + DOMAIN_C, signatureOnly,
            "WRONG_PROFILE")).contains("key usage [NON_REPUDIATION] lacks any of [DIGITAL_SIGNATURE]");
    }

    @Test
    void expiredCertificateIsRefusedWithItsExpiryNamed() throws Exception {
        assertThat(assertRefusedAtMailFromAndAudited(expiredPeer, "expired@" + DOMAIN_C, expiredCertificate, "EXPIRED"))
            .contains("expired on " + expiredCertificate.getNotAfter().toInstant());
    }

    /**
     * 550 5.7.1 naming the truststore's reason and the certificate at MAIL FROM, and the same in A's audit trail;
     * returns the reply.
     */
    private static String assertRefusedAtMailFromAndAudited(Path keys, String sender, X509Certificate certificate, String reason)
        throws Exception {
        String dn = certificate.getSubjectX500Principal().getName();
        String reply = mailFromAsPeer(keys, sender);
        assertThat(reply).startsWith("550 5.7.1 Certificate refused: " + reason).contains(dn);
        String refused = row(awaitAuditRow(a, "/mssante/audit?direction=INBOUND&decision=REFUSED&sender=" + sender
            + "&limit=1000", "INBOUND", "REFUSED"), "INBOUND", "REFUSED");
        assertThat(refused).contains("\"peerCertificateDn\":\"" + dn, "\"mailFrom\":\"" + sender,
            "\"smtpCode\":\"550\"", "\"enhancedStatusCode\":\"5.7.1\"", "Certificate refused: " + reason);
        return reply;
    }

    @Test
    void certificateOfAnotherCaWithTheSameNamesFailsTheHandshake() throws Exception {
        // A look-alike hierarchy (same CA names, other keys): the chain reaches no <clientAuth> anchor, no SMTP at all.
        assertHandshakeRefused(lookAlikePeer);
    }

    /** The handshake fails (no SMTP code); A's audit trail gets one more "TLS handshake failed" row. */
    private static void assertHandshakeRefused(Path keys) throws Exception {
        int before = handshakeRefusals();
        try (SmtpDialog smtp = new SmtpDialog(a.port(25))) {
            smtp.command("EHLO peer.test");
            assertThatThrownBy(() -> {
                smtp.startTls(keys, SECRET);
                smtp.command("EHLO peer.test");
            }).isInstanceOfAny(SSLException.class, java.io.IOException.class);
        }
        long deadline = System.nanoTime() + 30_000_000_000L;
        while (handshakeRefusals() == before) {
            assertThat(System.nanoTime()).as("audit row of the failed handshake within 30 s").isLessThan(deadline);
            Thread.sleep(250);
        }
        assertThat(handshakeRefusals()).isEqualTo(before + 1);
    }

    private static int handshakeRefusals() throws Exception {
        String rows = a.webAdmin().get("/mssante/audit?direction=INBOUND&decision=REFUSED&peerIp=127.0.0.1&limit=1000").body();
        java.util.regex.Matcher row = java.util.regex.Pattern.compile("\\{[^{}]*\"listener\":\"smtp:" + a.port(25)
            + "\"[^{}]*\"reason\":\"TLS handshake failed[^{}]*}").matcher(rows);
        int count = 0;
        while (row.find()) {
            count++;
        }
        return count;
    }

    @Test
    void submissionToADomainOutsideTheTrustSpaceIsRefusedAtRcpt() throws Exception {
        try (SmtpDialog smtp = authenticatedSubmission(DPI_A)) {
            assertThat(smtp.command("MAIL FROM:<" + DPI_A + ">")).startsWith("250");
            assertThat(smtp.command("RCPT TO:<patient@gmail.com>"))
                .startsWith("550 5.7.1 recipient outside the MSSante trust space");
            assertThat(smtp.command("RCPT TO:<" + SECRETARIAT_B + ">")).startsWith("250");
        }
    }

    @Test
    void senderSpoofingIsRefused() throws Exception {
        try (SmtpDialog smtp = authenticatedSubmission(DPI_A)) {
            assertThat(smtp.command("MAIL FROM:<" + MEDECIN_A + ">")).startsWith("5");
        }
        try (SmtpDialog smtp = authenticatedSubmission(DPI_A)) {
            assertThat(smtp.command("MAIL FROM:<" + DPI_A + ">")).startsWith("250");
            assertThat(smtp.command("RCPT TO:<" + SECRETARIAT_B + ">")).startsWith("250");
            assertThat(smtp.command("DATA")).startsWith("354");
            assertThat(smtp.command("From: <" + MEDECIN_A + ">\r\nTo: <" + SECRETARIAT_B + ">\r\nSubject: faux\r\n\r\nfaux\r\n."))
                .startsWith("550 5.7.1").contains(MEDECIN_A);
        }
    }

    private static SmtpDialog authenticatedSubmission(String user) throws Exception {
        SmtpDialog smtp = new SmtpDialog(a.port(587));
        smtp.command("EHLO lps.test");
        smtp.startTls();
        smtp.command("EHLO lps.test");
        String plain = java.util.Base64.getEncoder().encodeToString(("\0" + user + "\0" + PASSWORD).getBytes(StandardCharsets.UTF_8));
        assertThat(smtp.command("AUTH PLAIN " + plain)).startsWith("235");
        return smtp;
    }

    private static String mailFromAsPeer(Path keys, String sender) throws Exception {
        return mailFromAsPeer(keys, SECRET, sender);
    }

    private static String mailFromAsPeer(Path keys, String secret, String sender) throws Exception {
        try (SmtpDialog smtp = new SmtpDialog(a.port(25))) {
            smtp.command("EHLO peer.test");
            smtp.startTls(keys, secret);
            smtp.command("EHLO peer.test");
            return smtp.command("MAIL FROM:<" + sender + ">");
        }
    }

    /** The encoded body exactly as it travels (after the header block). */
    private static String body(MimeMessage message) throws Exception {
        String text = MailClients.raw(message);
        return text.substring(text.indexOf("\r\n\r\n") + 4);
    }
}
