package fr.mssante.operator.trust.crl;

import static org.assertj.core.api.Assertions.assertThat;

import fr.mssante.operator.trust.Pkis;
import fr.mssante.operator.trust.anchor.Hierarchy;
import fr.mssante.operator.trust.anchor.TrustAnchors;
import fr.mssante.operator.trust.pki.IssuedCertificate;
import fr.mssante.operator.trust.pki.TestCa;
import fr.mssante.operator.trust.pki.TestPki;
import fr.mssante.operator.trust.validation.CertificateProfile;
import fr.mssante.operator.trust.validation.CertificateValidator;
import fr.mssante.operator.trust.validation.ProfilePolicies;
import fr.mssante.operator.trust.validation.RefusalReason;
import fr.mssante.operator.trust.validation.Verdict;
import java.math.BigInteger;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.X509CRL;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** CRLs downloaded over HTTP from a real local server, cached on disk, refreshed, expired. */
class CrlStoreTest {
    static CrlServer server;
    static TestPki pki;
    static IssuedCertificate good;
    Path cacheDir;

    @BeforeAll
    static void mint() throws Exception {
        server = new CrlServer();
        pki = TestPki.create(Pkis.tempDir("pki-crl"), server.baseUrl());
        good = pki.issueServerCertificate("mx.bon.mssante.test", "318000000000100", "BON");
    }

    @BeforeEach
    void freshCrls() {
        cacheDir = Pkis.tempDir("crl-cache");
        publish(TestCa.ROOT_ELEMENTAIRE, Duration.ofDays(7));
        publish(TestCa.ORGANISATIONS, Duration.ofDays(7));
    }

    private static void publish(TestCa ca, Duration validity) {
        try {
            server.put(ca.fileName() + ".crl", pki.crl(ca, validity).getEncoded());
        } catch (java.security.cert.CRLException e) {
            throw new IllegalStateException(e);
        }
    }

    private CrlStore store(Duration grace) {
        return new CrlStore(CrlStore.Settings.defaults(cacheDir).withGrace(grace).withRetryInterval(Duration.ZERO),
                new HttpCrlFetcher(Duration.ofSeconds(2)), Clock.systemUTC());
    }

    private static CertificateValidator validator(CrlStore crls) {
        return new CertificateValidator(TrustAnchors.of(Hierarchy.TEST, pki.anchors()),
                ProfilePolicies.defaults(Hierarchy.TEST), crls, Clock.systemUTC());
    }

    @Test
    void downloadsFromTheDistributionPointAndCachesOnDisk() {
        CrlStore crls = store(Duration.ZERO);
        Verdict v = validator(crls).validate(good.certificate(), CertificateProfile.SERV_SSL_SERVER);
        assertThat(v.isAccepted()).as(v.toString()).isTrue();
        assertThat(cacheDir.toFile().list()).anyMatch(n -> n.startsWith("ACI-EL-ORG-TEST.crl-"))
                .anyMatch(n -> n.startsWith("ACR-EL-TEST.crl-"));
    }

    @Test
    void revocationPublishedLaterIsSeenAfterRefresh() {
        IssuedCertificate victim = pki.issueServerCertificate("mx.victime.mssante.test", "318000000000100", "VICTIME");
        CrlStore crls = store(Duration.ZERO);
        CertificateValidator validator = validator(crls);
        assertThat(validator.validate(victim.certificate(), CertificateProfile.SERV_SSL_SERVER).isAccepted()).isTrue();
        pki.revoke(victim.certificate());
        publish(TestCa.ORGANISATIONS, Duration.ofDays(7));
        assertThat(crls.refreshNow(pki.crlUrl(TestCa.ORGANISATIONS))).isTrue();
        assertThat(validator.validate(victim.certificate(), CertificateProfile.SERV_SSL_SERVER).reason())
                .isEqualTo(RefusalReason.REVOKED);
    }

    @Test
    void expiredCrlWithTheServerDownFailsClosedUnlessWithinGrace() throws Exception {
        try (CrlServer local = new CrlServer()) {
            TestPki p = TestPki.create(Pkis.tempDir("pki-down"), local.baseUrl());
            IssuedCertificate cert = p.issueServerCertificate("mx.down.mssante.test", "318000000000100", "DOWN");
            Instant now = Instant.now();
            for (TestCa ca : List.of(TestCa.ROOT_ELEMENTAIRE, TestCa.ORGANISATIONS)) {
                local.put(ca.fileName() + ".crl", p.crl(ca, now.minus(2, ChronoUnit.DAYS), now.minus(1, ChronoUnit.HOURS), null).getEncoded());
            }
            CrlStore strict = new CrlStore(CrlStore.Settings.defaults(null).withRetryInterval(Duration.ZERO),
                    new HttpCrlFetcher(Duration.ofSeconds(2)), Clock.systemUTC());
            CrlStore lenient = new CrlStore(CrlStore.Settings.defaults(null).withGrace(Duration.ofHours(2))
                    .withRetryInterval(Duration.ZERO), new HttpCrlFetcher(Duration.ofSeconds(2)), Clock.systemUTC());
            TrustAnchors anchors = TrustAnchors.of(Hierarchy.TEST, p.anchors());
            // both stores load the (already expired) CRLs while the server is up
            strict.refreshNow(p.crlUrl(TestCa.ORGANISATIONS));
            lenient.refreshNow(p.crlUrl(TestCa.ORGANISATIONS));
            strict.refreshNow(p.crlUrl(TestCa.ROOT_ELEMENTAIRE));
            lenient.refreshNow(p.crlUrl(TestCa.ROOT_ELEMENTAIRE));
            local.close();

            Verdict refused = new CertificateValidator(anchors, ProfilePolicies.defaults(Hierarchy.TEST), strict, Clock.systemUTC())
                    .validate(cert.certificate(), CertificateProfile.SERV_SSL_SERVER);
            assertThat(refused.reason()).as(refused.toString()).isEqualTo(RefusalReason.CRL_UNAVAILABLE);
            assertThat(refused.detail()).contains("expired at nextUpdate");
            Verdict graced = new CertificateValidator(anchors, ProfilePolicies.defaults(Hierarchy.TEST), lenient, Clock.systemUTC())
                    .validate(cert.certificate(), CertificateProfile.SERV_SSL_SERVER);
            assertThat(graced.isAccepted()).as(graced.toString()).isTrue();
        }
    }

    @Test
    void diskCacheServesARestartWithoutNetwork() {
        CrlStore first = store(Duration.ZERO);
        assertThat(validator(first).validate(good.certificate(), CertificateProfile.SERV_SSL_SERVER).isAccepted()).isTrue();
        CrlStore restarted = new CrlStore(CrlStore.Settings.defaults(cacheDir), CrlFetcher.OFFLINE, Clock.systemUTC());
        Verdict v = validator(restarted).validate(good.certificate(), CertificateProfile.SERV_SSL_SERVER);
        assertThat(v.isAccepted()).as(v.toString()).isTrue();
    }

    @Test
    void deltaCrlAdvertisedByTheBaseIsFetchedAndConsulted() throws Exception {
        IssuedCertificate late = pki.issueServerCertificate("mx.delta.mssante.test", "318000000000100", "DELTA");
        Instant now = Instant.now().truncatedTo(ChronoUnit.SECONDS);
        String deltaUrl = server.baseUrl() + "ACI-EL-ORG-TEST-delta.crl";
        X509CRL base = pki.crl(TestCa.ORGANISATIONS, now.minus(1, ChronoUnit.HOURS), now.plus(7, ChronoUnit.DAYS), deltaUrl);
        BigInteger baseNumber = BigInteger.valueOf(now.minus(1, ChronoUnit.HOURS).getEpochSecond());
        X509CRL delta = pki.deltaCrl(TestCa.ORGANISATIONS, baseNumber, now.minus(1, ChronoUnit.MINUTES),
                now.plus(1, ChronoUnit.DAYS), List.of(late.certificate()));
        server.put("ACI-EL-ORG-TEST.crl", base.getEncoded());
        server.put("ACI-EL-ORG-TEST-delta.crl", delta.getEncoded());
        CertificateValidator validator = validator(store(Duration.ZERO));
        assertThat(validator.validate(late.certificate(), CertificateProfile.SERV_SSL_SERVER).reason()).isEqualTo(RefusalReason.REVOKED);
        assertThat(validator.validate(good.certificate(), CertificateProfile.SERV_SSL_SERVER).isAccepted()).isTrue();
    }

    @Test
    void crlFolderWithBaseAndDeltaFiles() throws Exception {
        IssuedCertificate late = pki.issueServerCertificate("mx.delta-dir.mssante.test", "318000000000100", "DELTA");
        Instant now = Instant.now().truncatedTo(ChronoUnit.SECONDS);
        Path crlDir = Files.createDirectories(cacheDir.resolve("operator-crls"));
        X509CRL base = pki.crl(TestCa.ORGANISATIONS, now.minus(1, ChronoUnit.HOURS), now.plus(7, ChronoUnit.DAYS), null);
        Files.write(crlDir.resolve("org.crl"), base.getEncoded());
        Files.write(crlDir.resolve("root.crl"), pki.crl(TestCa.ROOT_ELEMENTAIRE, Duration.ofDays(7)).getEncoded());
        Files.write(crlDir.resolve("org-delta.crl"), pki.deltaCrl(TestCa.ORGANISATIONS,
                BigInteger.valueOf(now.minus(1, ChronoUnit.HOURS).getEpochSecond()), now, now.plus(1, ChronoUnit.DAYS),
                List.of(late.certificate())).getEncoded());
        CrlStore crls = new CrlStore(CrlStore.Settings.defaults(null), CrlFetcher.OFFLINE, Clock.systemUTC());
        crls.loadDirectory(crlDir);
        CertificateValidator validator = validator(crls);
        assertThat(validator.validate(late.certificate(), CertificateProfile.SERV_SSL_SERVER).reason()).isEqualTo(RefusalReason.REVOKED);
        assertThat(validator.validate(good.certificate(), CertificateProfile.SERV_SSL_SERVER).isAccepted()).isTrue();
        Files.write(crlDir.resolve("junk.crl"), new byte[]{1, 2, 3});
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> crls.loadDirectory(crlDir)).hasMessageContaining("junk.crl");
    }

    @Test
    void crlSignedByALookAlikeCaIsUnavailable() throws Exception {
        server.put("ACI-EL-ORG-TEST.crl", Pkis.lookAlike().crl(TestCa.ORGANISATIONS, Duration.ofDays(7)).getEncoded());
        Verdict v = validator(store(Duration.ZERO)).validate(good.certificate(), CertificateProfile.SERV_SSL_SERVER);
        assertThat(v.reason()).isEqualTo(RefusalReason.CRL_UNAVAILABLE);
        assertThat(v.detail()).contains("does not verify");
    }

    @Test
    void backgroundRefreshDownloadsACrlPastItsRefreshPoint() throws Exception {
        Instant now = Instant.now();
        server.put("ACI-EL-ORG-TEST.crl", pki.crl(TestCa.ORGANISATIONS, now.minus(50, ChronoUnit.MINUTES),
                now.plus(10, ChronoUnit.MINUTES), null).getEncoded());
        CrlStore crls = store(Duration.ZERO);
        assertThat(validator(crls).validate(good.certificate(), CertificateProfile.SERV_SSL_SERVER).isAccepted()).isTrue();
        publish(TestCa.ORGANISATIONS, Duration.ofDays(7));
        int before = server.requests.get();
        crls.refreshDue();
        assertThat(server.requests.get()).isGreaterThan(before);
        Path cached = Files.list(cacheDir).filter(f -> f.getFileName().toString().startsWith("ACI-EL-ORG-TEST.crl-"))
                .findFirst().orElseThrow();
        X509CRL onDisk = CrlStore.parseCrl(Files.readAllBytes(cached));
        assertThat(onDisk.getNextUpdate().toInstant()).isAfter(now.plus(1, ChronoUnit.DAYS));
    }
}
