package fr.mssante.operator.trust.tls;

import static org.assertj.core.api.Assertions.assertThat;

import fr.mssante.operator.trust.Pkis;
import fr.mssante.operator.trust.anchor.Hierarchy;
import fr.mssante.operator.trust.anchor.TrustAnchors;
import fr.mssante.operator.trust.crl.CrlFetcher;
import fr.mssante.operator.trust.crl.CrlStore;
import fr.mssante.operator.trust.pki.IssuedCertificate;
import fr.mssante.operator.trust.pki.TestPki;
import fr.mssante.operator.trust.pki.TestProfile;
import fr.mssante.operator.trust.validation.CertificateProfile;
import fr.mssante.operator.trust.validation.CertificateValidator;
import fr.mssante.operator.trust.validation.ProfilePolicies;
import fr.mssante.operator.trust.validation.RefusalReason;
import fr.mssante.operator.trust.validation.Verdict;
import fr.mssante.operator.trust.whitelist.ListeBlanche;
import fr.mssante.operator.trust.whitelist.ListeBlancheParser;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import javax.net.ssl.SSLContext;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Mutual TLS between SSLContexts of this module over real sockets: who is accepted, who is refused and why. */
class TlsHandshakeTest {
    static final char[] PASSWORD = "changeit".toCharArray();
    static TestPki pki;
    static IssuedCertificate operatorA;
    static IssuedCertificate operatorB;
    static IssuedCertificate unlisted;
    static IssuedCertificate revoked;
    static IssuedCertificate expired;
    static IssuedCertificate signatureOnly;
    static IssuedCertificate lookAlike;
    static CertificateValidator validator;
    static ListeBlanche listeBlanche;

    @BeforeAll
    static void setUp() throws Exception {
        pki = Pkis.main();
        operatorA = pki.issueServerCertificate("mx.operateur-a.mssante.test", "318000000000100", "OPERATEUR A");
        operatorB = pki.issueServerCertificate("mx.operateur-b.mssante.test", "1690000100", "OPÉRATEUR B");
        unlisted = pki.issueServerCertificate("mx.non-liste.mssante.test", "1750000100", "NON LISTE");
        revoked = pki.issueServerCertificate("mx.revoque-tls.mssante.test", "1750000200", "REVOQUE");
        pki.revoke(revoked.certificate());
        Instant now = Instant.now();
        expired = pki.issue(pki.serverRequest("mx.expire.mssante.test", "1750000300", "EXPIRE", "Paris (75)")
                .withValidity(now.minus(800, ChronoUnit.DAYS), now.minus(1, ChronoUnit.DAYS)));
        signatureOnly = pki.issueOrganisationCertificate(TestProfile.ORG_SIGNATURE, "mx.signature.mssante.test",
                "1750000400", "SIGNATURE");
        lookAlike = Pkis.lookAlike().issueServerCertificate("mx.operateur-b.mssante.test", "1690000100", "OPÉRATEUR B");

        CrlStore crls = new CrlStore(CrlStore.Settings.defaults(null), CrlFetcher.OFFLINE, Clock.systemUTC());
        crls.loadDirectory(pki.writeCrls(Duration.ofDays(1)));
        validator = new CertificateValidator(TrustAnchors.of(Hierarchy.TEST, pki.anchors()),
                ProfilePolicies.defaults(Hierarchy.TEST), crls, Clock.systemUTC());
        Map<String, List<X509Certificate>> domains = new LinkedHashMap<>();
        domains.put("a.mssante.test", List.of(operatorA.certificate()));
        domains.put("b.mssante.test", List.of(operatorB.certificate(), revoked.certificate(), expired.certificate(),
                signatureOnly.certificate()));
        Path file = pki.writeListeBlanche(Files.createTempFile("lb", ".xml"), domains);
        listeBlanche = ListeBlancheParser.parse(Files.readAllBytes(file));
    }

    static SSLContext context(IssuedCertificate own) {
        TrustSpaceTrustManager tm = new TrustSpaceTrustManager(validator, Set.of(CertificateProfile.SERV_SSL_CLIENT),
                CertificateProfile.SERV_SSL_SERVER, () -> listeBlanche);
        return TrustSpaceSsl.context(OperatorKeys.fromKeyStore(own.keyStore(PASSWORD), PASSWORD), tm);
    }

    @Test
    void listedOperatorsAcceptEachOtherBothWays() throws Exception {
        Handshake h = Handshake.run(context(operatorB), context(operatorA), "mx.operateur-b.mssante.test");
        assertThat(h.succeeded()).as("server: %s, client: %s", h.serverError(), h.clientError()).isTrue();
        Handshake withDomain = DestinationDomain.callWith("b.mssante.test",
                () -> Handshake.run(context(operatorB), context(operatorA), "mx.operateur-b.mssante.test"));
        assertThat(withDomain.succeeded()).isTrue();
    }

    @Test
    void inboundClientsWithBadCertificatesAreRefusedWithTheirReason() throws Exception {
        assertInboundRefused(revoked, RefusalReason.REVOKED);
        assertInboundRefused(expired, RefusalReason.EXPIRED);
        assertInboundRefused(signatureOnly, RefusalReason.WRONG_PROFILE);
        assertInboundRefused(lookAlike, RefusalReason.UNKNOWN_ISSUER);
    }

    @Test
    void outboundServersWithBadCertificatesAreRefusedWithTheirReason() throws Exception {
        assertOutboundRefused(revoked, "mx.revoque-tls.mssante.test", null, RefusalReason.REVOKED);
        assertOutboundRefused(expired, "mx.expire.mssante.test", null, RefusalReason.EXPIRED);
        assertOutboundRefused(signatureOnly, "mx.signature.mssante.test", null, RefusalReason.WRONG_PROFILE);
        assertOutboundRefused(lookAlike, "mx.operateur-b.mssante.test", null, RefusalReason.UNKNOWN_ISSUER);
        assertOutboundRefused(unlisted, "mx.non-liste.mssante.test", null, RefusalReason.NOT_LISTED);
        assertOutboundRefused(operatorB, "mx.operateur-b.mssante.test", "a.mssante.test", RefusalReason.NOT_LISTED);
        assertOutboundRefused(operatorB, "mx.ailleurs.mssante.test", null, RefusalReason.HOST_MISMATCH);
    }

    @Test
    void socketFactoryInstalledForJavaMailPresentsOurKeyAndChecksThePeer() throws Exception {
        MssanteSocketFactory.install(context(operatorA));
        try {
            var factory = (javax.net.ssl.SSLSocketFactory) MssanteSocketFactory.getDefault();
            assertThat(MssanteSocketFactory.getDefault()).isSameAs(factory);
            assertThat(Handshake.run(context(operatorB), factory, "mx.operateur-b.mssante.test").succeeded()).isTrue();
            Handshake bad = Handshake.run(context(unlisted), factory, "mx.non-liste.mssante.test");
            assertThat(TrustSpaceCertificateException.verdictOf(bad.clientError()).reason()).isEqualTo(RefusalReason.NOT_LISTED);
        } finally {
            MssanteSocketFactory.install(null);
        }
    }

    private static void assertInboundRefused(IssuedCertificate client, RefusalReason reason) throws Exception {
        Handshake h = Handshake.run(context(operatorA), context(client), "mx.operateur-a.mssante.test");
        assertThat(h.succeeded()).isFalse();
        Verdict v = TrustSpaceCertificateException.verdictOf(h.serverError());
        assertThat(v).as("server error: %s", h.serverError()).isNotNull();
        assertThat(v.reason()).as(v.toString()).isEqualTo(reason);
        assertThat(h.clientError()).as("the client learns it was refused").isNotNull();
    }

    private static void assertOutboundRefused(IssuedCertificate server, String host, String domain, RefusalReason reason)
            throws Exception {
        Handshake h = domain == null ? Handshake.run(context(server), context(operatorA), host)
                : DestinationDomain.callWith(domain, () -> Handshake.run(context(server), context(operatorA), host));
        Verdict v = TrustSpaceCertificateException.verdictOf(h.clientError());
        assertThat(v).as("client error: %s", h.clientError()).isNotNull();
        assertThat(v.reason()).as(v.toString()).isEqualTo(reason);
        assertThat(h.serverError()).isNotNull();
    }
}
