package fr.mssante.operator.trust.validation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import fr.mssante.operator.trust.Pkis;
import fr.mssante.operator.trust.anchor.Hierarchy;
import fr.mssante.operator.trust.anchor.TrustAnchors;
import fr.mssante.operator.trust.crl.CrlFetcher;
import fr.mssante.operator.trust.crl.CrlStore;
import fr.mssante.operator.trust.pki.IssuedCertificate;
import fr.mssante.operator.trust.pki.TestPki;
import fr.mssante.operator.trust.pki.TestProfile;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class CertificateValidatorTest {
    static TestPki pki;
    static IssuedCertificate server;
    static IssuedCertificate revoked;
    static CertificateValidator validator;

    @BeforeAll
    static void setUp() throws Exception {
        pki = Pkis.main();
        server = pki.issueServerCertificate("mx.operateur-a.mssante.test", "318000000000100", "OPERATEUR A");
        revoked = pki.issueServerCertificate("mx.revoque.mssante.test", "1690000100", "OPERATEUR REVOQUE");
        pki.revoke(revoked.certificate());
        validator = validatorWithCrls(pki);
    }

    static CertificateValidator validatorWithCrls(TestPki pki) throws Exception {
        Path crlDir = pki.writeCrls(Duration.ofDays(7));
        CrlStore crls = new CrlStore(CrlStore.Settings.defaults(null), CrlFetcher.OFFLINE, Clock.systemUTC());
        crls.loadDirectory(crlDir);
        return new CertificateValidator(TrustAnchors.of(Hierarchy.TEST, pki.anchors()),
                ProfilePolicies.defaults(Hierarchy.TEST), crls, Clock.systemUTC());
    }

    @Test
    void operatorServerCertificateIsAcceptedAsServerAndClient() {
        Verdict v = validator.validate(server.certificate(), CertificateProfile.SERV_SSL_SERVER);
        assertThat(v.isAccepted()).as(v.toString()).isTrue();
        assertThat(v.path()).hasSize(3);
        assertThat(v.path().get(2)).isEqualTo(pki.anchors().get(0));
        assertThat(validator.validate(server.chain(), CertificateProfile.SERV_SSL_CLIENT).isAccepted()).isTrue();
    }

    @Test
    void expiredCertificateIsRefused() {
        Instant now = Instant.now();
        IssuedCertificate c = pki.issue(pki.serverRequest("old.mssante.test", "318000000000100", "OLD", "Paris (75)")
                .withValidity(now.minus(400, ChronoUnit.DAYS), now.minus(1, ChronoUnit.DAYS)));
        assertRefused(c, CertificateProfile.SERV_SSL_SERVER, RefusalReason.EXPIRED);
    }

    @Test
    void notYetValidCertificateIsRefused() {
        Instant now = Instant.now();
        IssuedCertificate c = pki.issue(pki.serverRequest("new.mssante.test", "318000000000100", "NEW", "Paris (75)")
                .withValidity(now.plus(1, ChronoUnit.DAYS), now.plus(400, ChronoUnit.DAYS)));
        assertRefused(c, CertificateProfile.SERV_SSL_SERVER, RefusalReason.NOT_YET_VALID);
    }

    @Test
    void revokedCertificateIsRefused() {
        Verdict v = assertRefused(revoked, CertificateProfile.SERV_SSL_SERVER, RefusalReason.REVOKED);
        assertThat(v.detail()).contains("KEY_COMPROMISE");
    }

    @Test
    void lookAlikeCaWithSameNamesAndOtherKeyIsUnknownIssuer() {
        IssuedCertificate fake = Pkis.lookAlike().issueServerCertificate("mx.operateur-a.mssante.test",
                "318000000000100", "OPERATEUR A");
        assertThat(fake.certificate().getIssuerX500Principal()).isEqualTo(server.certificate().getIssuerX500Principal());
        Verdict alone = assertRefused(fake, CertificateProfile.SERV_SSL_SERVER, RefusalReason.UNKNOWN_ISSUER);
        assertThat(alone.detail()).contains("look-alike");
        Verdict withChain = validator.validate(fake.chain(), CertificateProfile.SERV_SSL_SERVER);
        assertThat(withChain.reason()).isEqualTo(RefusalReason.UNKNOWN_ISSUER);
    }

    @Test
    void signatureCertificateUsedForTlsIsWrongProfile() {
        IssuedCertificate signature = pki.issueOrganisationCertificate(TestProfile.ORG_SIGNATURE, "SERVICE SIGNATURE",
                "318000000000100", "OPERATEUR A");
        Verdict v = assertRefused(signature, CertificateProfile.SERV_SSL_SERVER, RefusalReason.WRONG_PROFILE);
        assertThat(v.detail()).contains("DIGITAL_SIGNATURE");
        assertThat(validator.validate(signature.certificate(), CertificateProfile.ORG_SIGNATURE).isAccepted()).isTrue();
        assertRefused(signature, CertificateProfile.SERV_SSL_CLIENT, RefusalReason.WRONG_PROFILE);
    }

    @Test
    void eachProfileAcceptsItsOwnCertificateOnly() {
        List<IssuedCertificate> certs = List.of(
                pki.issueOrganisationCertificate(TestProfile.ORG_AUTH, "LPS EXEMPLE", "1690000100", "CLINIQUE"),
                pki.issueOrganisationCertificate(TestProfile.ORG_CONFIDENTIALITY, "SERVICE CHIFFREMENT", "1690000100", "CLINIQUE"),
                pki.issuePersonalCertificate(TestProfile.PERSONAL_SIGNATURE, "810001234567", "Jeanne", "Dupont"),
                pki.issuePersonalCertificate(TestProfile.PERSONAL_ENCRYPTION, "810001234567", "Jeanne", "Dupont"));
        List<CertificateProfile> profiles = List.of(CertificateProfile.ORG_AUTH, CertificateProfile.ORG_CONFIDENTIALITY,
                CertificateProfile.PERSONAL_SIGNATURE, CertificateProfile.PERSONAL_ENCRYPTION);
        for (int i = 0; i < certs.size(); i++) {
            Verdict own = validator.validate(certs.get(i).certificate(), profiles.get(i));
            assertThat(own.isAccepted()).as(profiles.get(i) + ": " + own).isTrue();
            assertThat(validator.validate(certs.get(i).certificate(), CertificateProfile.SERV_SSL_SERVER).reason())
                    .isEqualTo(RefusalReason.WRONG_PROFILE);
        }
    }

    @Test
    void unexpectedPolicyIsWrongProfile() {
        IssuedCertificate c = pki.issue(pki.serverRequest("policy.mssante.test", "318000000000100", "X", "Paris (75)")
                .withPolicies(List.of("1.2.3.4.5")));
        Verdict v = assertRefused(c, CertificateProfile.SERV_SSL_SERVER, RefusalReason.WRONG_PROFILE);
        assertThat(v.detail()).contains("1.2.3.4.5");
    }

    @Test
    void configuredPolicyOidsReplaceTheDefaults() throws Exception {
        var props = new java.util.Properties();
        props.setProperty("p.SERV_SSL_SERVER", "1.2.250.1.213.1.7.2.9.9");
        ProfilePolicies strict = ProfilePolicies.fromProperties(Hierarchy.TEST, props, "p.");
        CertificateValidator v = new CertificateValidator(validator.anchors(), strict, RevocationChecker.NONE, Clock.systemUTC());
        assertThat(v.validate(server.certificate(), CertificateProfile.SERV_SSL_SERVER).reason()).isEqualTo(RefusalReason.WRONG_PROFILE);
        assertThat(v.validate(server.certificate(), CertificateProfile.SERV_SSL_CLIENT).isAccepted()).isTrue();
        props.setProperty("p.ORG_AUTH", "not-an-oid");
        assertThatThrownBy(() -> ProfilePolicies.fromProperties(Hierarchy.TEST, props, "p."))
                .hasMessageContaining("not-an-oid");
    }

    @Test
    void smallRsaKeyAndSha1SignatureAreWeak() {
        IssuedCertificate small = pki.issue(pki.serverRequest("weak.mssante.test", "318000000000100", "W", "Paris (75)")
                .withRsaBits(1024));
        assertThat(assertRefused(small, CertificateProfile.SERV_SSL_SERVER, RefusalReason.WEAK_KEY).detail()).contains("1024");
        IssuedCertificate sha1 = pki.issue(pki.serverRequest("sha1.mssante.test", "318000000000100", "W", "Paris (75)")
                .withSignatureAlgorithm("SHA1withRSA"));
        assertRefused(sha1, CertificateProfile.SERV_SSL_SERVER, RefusalReason.WEAK_KEY);
    }

    @Test
    void missingCrlFailsClosed() {
        CrlStore empty = new CrlStore(CrlStore.Settings.defaults(null), CrlFetcher.OFFLINE, Clock.systemUTC());
        CertificateValidator v = new CertificateValidator(validator.anchors(), ProfilePolicies.defaults(Hierarchy.TEST),
                empty, Clock.systemUTC());
        Verdict verdict = v.validate(server.certificate(), CertificateProfile.SERV_SSL_SERVER);
        assertThat(verdict.reason()).isEqualTo(RefusalReason.CRL_UNAVAILABLE);
        assertThat(verdict.detail()).contains("offline");
    }

    @Test
    void certificateSignedByAnEndEntityIsInvalidChain() throws Exception {
        java.security.KeyPair kp = java.security.KeyPairGenerator.getInstance("RSA").generateKeyPair();
        var subject = new org.bouncycastle.asn1.x500.X500Name("CN=mx.pirate.mssante.test,O=PIRATE,C=FR");
        var builder = new org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder(server.certificate(),
                java.math.BigInteger.TEN, new java.util.Date(System.currentTimeMillis() - 60_000),
                new java.util.Date(System.currentTimeMillis() + 86_400_000L), subject, kp.getPublic());
        var signed = new org.bouncycastle.cert.jcajce.JcaX509CertificateConverter().getCertificate(builder.build(
                new org.bouncycastle.operator.jcajce.JcaContentSignerBuilder("SHA256withRSA").build(server.privateKey())));
        Verdict v = validator.validate(List.of(signed, server.certificate()), CertificateProfile.SERV_SSL_SERVER);
        assertThat(v.reason()).as(v.toString()).isEqualTo(RefusalReason.INVALID_CHAIN);
    }

    @Test
    void caCertificatePresentedAsServerIsWrongProfile() {
        var intermediate = pki.caCertificate(fr.mssante.operator.trust.pki.TestCa.ORGANISATIONS);
        Verdict v = validator.validate(intermediate, CertificateProfile.SERV_SSL_SERVER);
        assertThat(v.reason()).as(v.toString()).isEqualTo(RefusalReason.WRONG_PROFILE);
    }

    @Test
    void anchorsNeverMixHierarchiesAndMustBeCas() {
        assertThatThrownBy(() -> TrustAnchors.of(Hierarchy.PRODUCTION, pki.anchors()))
                .hasMessageContaining("refusing to mix");
        List<java.security.cert.X509Certificate> mixed = new ArrayList<>(pki.anchors());
        mixed.add(server.certificate());
        assertThatThrownBy(() -> TrustAnchors.of(Hierarchy.TEST, mixed)).hasMessageContaining("not a CA certificate");
    }

    @Test
    void testCertificateAgainstProductionAnchorsIsWrongHierarchy() throws Exception {
        java.security.KeyPair kp = java.security.KeyPairGenerator.getInstance("RSA").generateKeyPair();
        var name = new org.bouncycastle.asn1.x500.X500Name(
                "CN=AC RACINE IGC-SANTE ELEMENTAIRE,OU=IGC-SANTE,OU=0002 187512751,O=ASIP-SANTE,C=FR");
        var builder = new org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder(name, java.math.BigInteger.ONE,
                new java.util.Date(System.currentTimeMillis() - 60_000), new java.util.Date(System.currentTimeMillis() + 86_400_000L),
                name, kp.getPublic());
        builder.addExtension(org.bouncycastle.asn1.x509.Extension.basicConstraints, true,
                new org.bouncycastle.asn1.x509.BasicConstraints(true));
        var root = new org.bouncycastle.cert.jcajce.JcaX509CertificateConverter().getCertificate(builder.build(
                new org.bouncycastle.operator.jcajce.JcaContentSignerBuilder("SHA256withRSA").build(kp.getPrivate())));
        TrustAnchors production = TrustAnchors.of(null, List.of(root));
        assertThat(production.hierarchy()).isEqualTo(Hierarchy.PRODUCTION);
        CertificateValidator v = new CertificateValidator(production, ProfilePolicies.defaults(Hierarchy.PRODUCTION),
                RevocationChecker.NONE, Clock.systemUTC());
        Verdict verdict = v.validate(server.chain(), CertificateProfile.SERV_SSL_SERVER);
        assertThat(verdict.reason()).as(verdict.toString()).isEqualTo(RefusalReason.WRONG_HIERARCHY);
    }

    @Test
    void noCertificateIsMalformed() {
        assertThat(validator.validate(List.of(), CertificateProfile.SERV_SSL_SERVER).reason()).isEqualTo(RefusalReason.MALFORMED);
    }

    private static Verdict assertRefused(IssuedCertificate c, CertificateProfile profile, RefusalReason reason) {
        Verdict v = validator.validate(c.certificate(), profile);
        assertThat(v.reason()).as(v.toString()).isEqualTo(reason);
        assertThat(v.detail()).isNotBlank();
        return v;
    }
}
