package fr.mssante.operator.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigInteger;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.interfaces.RSAPublicKey;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Date;
import java.util.List;
import java.util.Map;

import org.apache.james.GuiceJamesServer;
import org.bouncycastle.asn1.x500.X500Name;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.sun.net.httpserver.HttpServer;

import fr.mssante.operator.trust.pki.IssuedCertificate;
import fr.mssante.operator.trust.pki.TestPki;
import fr.mssante.operator.trust.pki.TestProfile;
import io.jsonwebtoken.Jwts;
import io.jsonwebtoken.SignatureAlgorithm;

/**
 * How software authenticates besides a password: an OpenID Connect access token (OAUTHBEARER, as Pro Santé
 * Connect issues; here a local issuer and JWKS), and an IGC-Santé ORG authentication certificate mapped to an
 * APP mailbox (certificate submission listener).
 */
class ClientAuthenticationTest {
    static final String DOMAIN = "auth.mssante.test";
    static final String DPI = "dpi@" + DOMAIN;
    static final String MEDECIN = "medecin@" + DOMAIN;
    static final String PASSWORD = "auth-password";
    static final String SECRET = "lps-secret";
    static final String KEY_ID = "psc-test-key";
    static final String CLIENT_ID = "lps-dpi-clinique";
    static final String OTHER_CLIENT = "another-psc-client";

    @TempDir
    static Path root;
    static TestHome home;
    static GuiceJamesServer server;
    static HttpServer issuer;
    static KeyPair issuerKeys;
    static String issuerUrl;
    static Path mappedLps;
    static Path unmappedLps;
    static Path expiredLps;
    static String expiredLpsDn;

    @BeforeAll
    static void start() throws Exception {
        issuerKeys = rsaKeys();
        issuer = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        issuer.createContext("/realms/test/protocol/openid-connect/certs", exchange -> {
            byte[] jwks = jwks((RSAPublicKey) issuerKeys.getPublic()).getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().add("Content-Type", "application/json");
            exchange.sendResponseHeaders(200, jwks.length);
            exchange.getResponseBody().write(jwks);
            exchange.close();
        });
        issuer.start();

        TestPki pki = TestPki.create(root.resolve("pki"));
        Path listeBlanche = root.resolve("listeblanche.xml");
        home = TestHome.install(root.resolve("server"), pki, "mx." + DOMAIN, listeBlanche);
        TestHome.writeListeBlanche(pki, listeBlanche, Map.of(DOMAIN, home.operator.certificate()));
        IssuedCertificate lps = pki.issueOrganisationCertificate(TestProfile.ORG_AUTH, "LPS DPI CLINIQUE", "1690000100", "CLINIQUE DU PARC");
        IssuedCertificate other = pki.issueOrganisationCertificate(TestProfile.ORG_AUTH, "LPS INCONNU", "1690000101", "AUTRE CLINIQUE");
        // The mapped software's previous certificate: same subject, expired yesterday.
        IssuedCertificate expired = pki.issue(pki.request(TestProfile.ORG_AUTH,
            X500Name.getInstance(lps.certificate().getSubjectX500Principal().getEncoded()), List.of())
            .withValidity(Instant.now().minus(Duration.ofDays(400)), Instant.now().minus(Duration.ofDays(1))));
        expiredLps = expired.writePkcs12(root.resolve("expired-lps.p12"), SECRET.toCharArray());
        expiredLpsDn = expired.certificate().getSubjectX500Principal().getName();
        mappedLps = lps.writePkcs12(root.resolve("lps.p12"), SECRET.toCharArray());
        unmappedLps = other.writePkcs12(root.resolve("other-lps.p12"), SECRET.toCharArray());
        Files.writeString(home.home.conf().resolve("certificate-logins.properties"),
            DPI + " = " + lps.certificate().getSubjectX500Principal().getName() + "\n");
        issuerUrl = "http://127.0.0.1:" + issuer.getAddress().getPort() + "/realms/test";
        enableOidcOnSubmission(home, issuerUrl);

        server = MssanteServerMain.start(home.root().toFile());
        home.webAdmin().ensureDomain(DOMAIN);
        home.webAdmin().ensureMailbox(DPI, "APP", "DPI de la clinique", PASSWORD);
        home.webAdmin().ensureMailbox(MEDECIN, "PER", "Médecin", PASSWORD);
    }

    @AfterAll
    static void stop() {
        if (server != null) {
            server.stop();
        }
        if (issuer != null) {
            issuer.stop(0);
        }
    }

    @Test
    void validAccessTokenAuthenticatesTheMailbox() throws Exception {
        try (SmtpDialog smtp = submission()) {
            assertThat(smtp.command("AUTH OAUTHBEARER " + oauthBearer(DPI, token().build()))).startsWith("235");
            assertThat(smtp.command("MAIL FROM:<" + DPI + ">")).startsWith("250");
        }
    }

    @Test
    void validAccessTokenNamingUsOnlyInAzpAuthenticatesTheMailbox() throws Exception {
        // Keycloak / Pro Santé Connect shape: aud is "account", the client the token was issued to is azp.
        String token = token().audience("account").authorizedParty(CLIENT_ID).build();
        try (SmtpDialog smtp = submission()) {
            assertThat(smtp.command("AUTH OAUTHBEARER " + oauthBearer(DPI, token))).startsWith("235");
        }
    }

    @Test
    void validAccessTokenOverXoauth2AuthenticatesTheMailbox() throws Exception {
        try (SmtpDialog smtp = submission()) {
            assertThat(smtp.command("AUTH XOAUTH2 " + xoauth2(DPI, token().build()))).startsWith("235");
            assertThat(smtp.command("MAIL FROM:<" + DPI + ">")).startsWith("250");
        }
    }

    @Test
    void expiredAccessTokenIsRefused() throws Exception {
        assertThat(refusal("OAUTHBEARER " + oauthBearer(DPI, token().expiry(Instant.now().minus(Duration.ofMinutes(5))).build())))
            .contains("token expired");
    }

    @Test
    void accessTokenSignedByAnotherKeyIsRefused() throws Exception {
        assertThat(refusal("OAUTHBEARER " + oauthBearer(DPI, token().signedBy(rsaKeys()).build())))
            .contains("signature not verified");
    }

    @Test
    void accessTokenOfAnotherIssuerIsRefused() throws Exception {
        String token = token().issuer("http://127.0.0.1:1/realms/another-realm").build();
        assertThat(refusal("OAUTHBEARER " + oauthBearer(DPI, token))).contains("issuer 'http://127.0.0.1:1/realms/another-realm'");
    }

    @Test
    void accessTokenIssuedToAnotherClientIsRefused() throws Exception {
        String token = token().audience(OTHER_CLIENT).authorizedParty(OTHER_CLIENT).build();
        assertThat(refusal("OAUTHBEARER " + oauthBearer(DPI, token))).contains("not issued to audience '" + CLIENT_ID + "'");
    }

    @Test
    void xoauth2TokenOfAnotherIssuerIsRefused() throws Exception {
        // James's own XOAUTH2 verifier would accept it (good signature, mailbox claim): it must never be reached.
        String token = token().issuer("http://127.0.0.1:1/realms/another-realm").build();
        assertThat(refusal("XOAUTH2 " + xoauth2(DPI, token))).contains("is not the expected issuer");
    }

    @Test
    void xoauth2TokenIssuedToAnotherClientIsRefused() throws Exception {
        String token = token().audience(OTHER_CLIENT).authorizedParty(OTHER_CLIENT).build();
        assertThat(refusal("XOAUTH2 " + xoauth2(DPI, token))).contains("not issued to audience");
    }

    @Test
    void accessTokenOfAnotherMailboxThanTheOneAskedForIsRefused() throws Exception {
        assertThat(refusal("OAUTHBEARER " + oauthBearer(MEDECIN, token().build()))).contains("the token names " + DPI);
    }

    /** RFC 7628 failure: the error challenge (334 + JSON), the client's ^A, then 535 5.7.8 with the reason; no MAIL. */
    private static String refusal(String authArguments) throws Exception {
        try (SmtpDialog smtp = submission()) {
            String challenge = smtp.command("AUTH " + authArguments);
            assertThat(challenge).startsWith("334 ");
            assertThat(new String(Base64.getDecoder().decode(challenge.substring(4).trim()), StandardCharsets.UTF_8))
                .contains("\"status\":\"invalid_token\"");
            String refusal = smtp.command("AQ==");
            assertThat(refusal).startsWith("535 5.7.8");
            assertThat(smtp.command("MAIL FROM:<" + DPI + ">")).startsWith("530");
            return refusal;
        }
    }

    @Test
    void mappedOrgCertificateLogsIntoItsAppMailboxAndSends() throws Exception {
        try (SmtpDialog smtp = certificateSubmission(mappedLps)) {
            assertThat(smtp.command("MAIL FROM:<" + DPI + ">")).startsWith("250");
            assertThat(smtp.command("RCPT TO:<" + MEDECIN + ">")).startsWith("250");
            assertThat(smtp.command("DATA")).startsWith("354");
            assertThat(smtp.command("From: <" + DPI + ">\r\nTo: <" + MEDECIN + ">\r\nSubject: resultat\r\n"
                + "Message-ID: <certificate-login@" + DOMAIN + ">\r\n\r\nresultat de biologie\r\n.")).startsWith("250");
        }
        long deadline = System.nanoTime() + 30_000_000_000L;
        while (!MailClients.inboxMessageIds(home.port(993), MEDECIN, PASSWORD).contains("<certificate-login@" + DOMAIN + ">")) {
            assertThat(System.nanoTime()).as("delivered within 30 s").isLessThan(deadline);
            Thread.sleep(250);
        }
    }

    @Test
    void mappedCertificateCannotSendAsAnotherMailbox() throws Exception {
        try (SmtpDialog smtp = certificateSubmission(mappedLps)) {
            assertThat(smtp.command("MAIL FROM:<" + MEDECIN + ">")).startsWith("550 5.7.1").contains("may not send as");
        }
    }

    @Test
    void unmappedCertificateIsRefused() throws Exception {
        try (SmtpDialog smtp = certificateSubmission(unmappedLps)) {
            assertThat(smtp.command("MAIL FROM:<" + DPI + ">")).startsWith("550 5.7.1").contains("not mapped to a mailbox");
        }
    }

    @Test
    void expiredOrgCertificateCompletesTheHandshakeAndIsRefusedWithItsExpiryNamed() throws Exception {
        // Its subject is mapped to a mailbox, but it is expired: the TLS layer checks only its chain to the anchors,
        // CertificateLoginHook says why it is refused, and the audit trail records it with the certificate's DN.
        try (SmtpDialog smtp = certificateSubmission(expiredLps)) {
            assertThat(smtp.command("MAIL FROM:<" + DPI + ">")).startsWith("550 5.7.1 Certificate refused: EXPIRED")
                .contains(expiredLpsDn);
        }
        long deadline = System.nanoTime() + 30_000_000_000L;
        String rows;
        while (!(rows = home.webAdmin().get("/mssante/audit?direction=SUBMISSION&decision=REFUSED&limit=1000").body())
            .contains("Certificate refused: EXPIRED")) {
            assertThat(System.nanoTime()).as("audit row within 30 s: " + rows).isLessThan(deadline);
            Thread.sleep(250);
        }
        assertThat(rows).contains("\"peerCertificateDn\":\"" + expiredLpsDn, "\"smtpCode\":\"550\"");
    }

    private static SmtpDialog submission() throws Exception {
        SmtpDialog smtp = new SmtpDialog(home.port(587));
        smtp.command("EHLO lps.test");
        smtp.startTls();
        assertThat(smtp.command("EHLO lps.test")).contains("OAUTHBEARER");
        return smtp;
    }

    private static SmtpDialog certificateSubmission(Path keys) throws Exception {
        SmtpDialog smtp = new SmtpDialog(home.port(588));
        smtp.command("EHLO lps.test");
        smtp.startTls(keys, SECRET);
        smtp.command("EHLO lps.test");
        return smtp;
    }

    /**
     * Turns on OIDC SASL (OAUTHBEARER, XOAUTH2) on the 587 listener as for Pro Santé Connect: James's {@code <oidc>}
     * block, and the expected issuer and audience on our OAuthBearerHook.
     */
    private static void enableOidcOnSubmission(TestHome home, String realm) throws Exception {
        Path smtp = home.home.conf().resolve("smtpserver.xml");
        String content = Files.readString(smtp);
        int listener = content.indexOf("<jmxName>smtpserver-submission</jmxName>");
        int plain = content.indexOf("<plainAuthEnabled>true</plainAuthEnabled>", listener) + "<plainAuthEnabled>true</plainAuthEnabled>".length();
        String hook = "<handler class=\"fr.mssante.operator.james.smtp.OAuthBearerHook\"/>";
        int handler = content.indexOf(hook, plain);
        Files.writeString(smtp, content.substring(0, plain) + "\n            <oidc>"
            + "<oidcConfigurationURL>" + realm + "/.well-known/openid-configuration</oidcConfigurationURL>"
            + "<jwksURL>" + realm + "/protocol/openid-connect/certs</jwksURL>"
            + "<claim>email</claim><scope>openid email</scope></oidc>" + content.substring(plain, handler)
            + "<handler class=\"fr.mssante.operator.james.smtp.OAuthBearerHook\"><issuer>" + realm + "</issuer>"
            + "<audience>" + CLIENT_ID + "</audience></handler>" + content.substring(handler + hook.length()));
    }

    private static TokenBuilder token() {
        return new TokenBuilder();
    }

    /** An access token as the local issuer signs it for our client, each part changeable. */
    private static final class TokenBuilder {
        private KeyPair keys = issuerKeys;
        private String issuer = issuerUrl;
        private String audience = CLIENT_ID;
        private String authorizedParty;
        private Instant expiry = Instant.now().plus(Duration.ofMinutes(5));

        TokenBuilder signedBy(KeyPair other) {
            keys = other;
            return this;
        }

        TokenBuilder issuer(String value) {
            issuer = value;
            return this;
        }

        TokenBuilder audience(String value) {
            audience = value;
            return this;
        }

        TokenBuilder authorizedParty(String value) {
            authorizedParty = value;
            return this;
        }

        TokenBuilder expiry(Instant value) {
            expiry = value;
            return this;
        }

        String build() {
            var builder = Jwts.builder().setHeaderParam("kid", KEY_ID).setIssuer(issuer).setAudience(audience)
                .setSubject("psc-user").claim("email", DPI)
                .setIssuedAt(Date.from(Instant.now().minus(Duration.ofMinutes(10)))).setExpiration(Date.from(expiry));
            if (authorizedParty != null) {
                builder.claim("azp", authorizedParty);
            }
            return builder.signWith(keys.getPrivate(), SignatureAlgorithm.RS256).compact();
        }
    }

    private static String xoauth2(String user, String token) {
        String response = "user=" + user + "\u0001auth=Bearer " + token + "\u0001\u0001";
        return Base64.getEncoder().encodeToString(response.getBytes(StandardCharsets.UTF_8));
    }

    private static String oauthBearer(String user, String token) {
        String response = "n,a=" + user + ",\u0001auth=Bearer " + token + "\u0001\u0001";
        return Base64.getEncoder().encodeToString(response.getBytes(StandardCharsets.UTF_8));
    }

    private static String jwks(RSAPublicKey key) {
        return "{\"keys\":[{\"kty\":\"RSA\",\"use\":\"sig\",\"alg\":\"RS256\",\"kid\":\"" + KEY_ID + "\",\"n\":\""
            + base64Url(key.getModulus()) + "\",\"e\":\"" + base64Url(key.getPublicExponent()) + "\"}]}";
    }

    private static String base64Url(BigInteger value) {
        byte[] bytes = value.toByteArray();
        if (bytes[0] == 0) {
            bytes = java.util.Arrays.copyOfRange(bytes, 1, bytes.length);
        }
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }

    private static KeyPair rsaKeys() throws Exception {
        KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
        generator.initialize(2048);
        return generator.generateKeyPair();
    }
}
