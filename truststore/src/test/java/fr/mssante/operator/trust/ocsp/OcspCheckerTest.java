package fr.mssante.operator.trust.ocsp;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import fr.mssante.operator.trust.Pkis;
import fr.mssante.operator.trust.anchor.Hierarchy;
import fr.mssante.operator.trust.anchor.TrustAnchors;
import fr.mssante.operator.trust.crl.CrlFetcher;
import fr.mssante.operator.trust.crl.CrlStore;
import fr.mssante.operator.trust.pki.IssuedCertificate;
import fr.mssante.operator.trust.pki.TestCa;
import fr.mssante.operator.trust.pki.TestPki;
import fr.mssante.operator.trust.validation.CertificateProfile;
import fr.mssante.operator.trust.validation.CertificateValidator;
import fr.mssante.operator.trust.validation.ProfilePolicies;
import fr.mssante.operator.trust.validation.RefusalReason;
import fr.mssante.operator.trust.validation.RevocationChecker;
import fr.mssante.operator.trust.validation.RevocationStatus;
import fr.mssante.operator.trust.validation.Verdict;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** OCSP against a responder on a real port, answering with the test PKI's CA keys (or a look-alike's). */
class OcspCheckerTest {
    static HttpServer responder;
    static TestPki pki;
    static final AtomicReference<TestPki> answering = new AtomicReference<>();

    @BeforeAll
    static void start() throws Exception {
        responder = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        responder.createContext("/ocsp", ex -> {
            byte[] answer = answering.get().answerOcsp(ex.getRequestBody().readAllBytes());
            ex.getResponseHeaders().set("Content-Type", "application/ocsp-response");
            ex.sendResponseHeaders(200, answer.length);
            try (OutputStream out = ex.getResponseBody()) {
                out.write(answer);
            }
        });
        responder.start();
        String url = "http://127.0.0.1:" + responder.getAddress().getPort() + "/ocsp";
        pki = TestPki.create(Pkis.tempDir("pki-ocsp"), TestPki.DEFAULT_CRL_BASE_URL, url);
        answering.set(pki);
    }

    @AfterAll
    static void stop() {
        responder.stop(0);
    }

    static OcspChecker checker() {
        return new OcspChecker(Duration.ofSeconds(3), Duration.ofMinutes(5), Clock.systemUTC());
    }

    @Test
    void goodAndRevokedCertificatesAreToldApart() {
        IssuedCertificate good = pki.issueServerCertificate("mx.ocsp-bon.mssante.test", "318000000000100", "BON");
        IssuedCertificate bad = pki.issueServerCertificate("mx.ocsp-revoque.mssante.test", "318000000000100", "REVOQUE");
        pki.revoke(bad.certificate());
        var issuer = pki.caCertificate(TestCa.ORGANISATIONS);
        OcspChecker ocsp = checker();
        assertThat(ocsp.check(good.certificate(), issuer)).isEqualTo(RevocationStatus.GOOD);
        RevocationStatus revoked = ocsp.check(bad.certificate(), issuer);
        assertThat(revoked.state()).isEqualTo(RevocationStatus.State.REVOKED);
        assertThat(revoked.detail()).contains("OCSP");
    }

    @Test
    void responseSignedByALookAlikeCaIsNotTrusted() {
        IssuedCertificate c = pki.issueServerCertificate("mx.ocsp-faux.mssante.test", "318000000000100", "FAUX");
        answering.set(Pkis.lookAlike());
        try {
            RevocationStatus s = checker().check(c.certificate(), pki.caCertificate(TestCa.ORGANISATIONS));
            assertThat(s.state()).isEqualTo(RevocationStatus.State.UNAVAILABLE);
        } finally {
            answering.set(pki);
        }
    }

    @Test
    void ocspFirstFallsBackToCrlsAndFailsClosedWhenBothAreMissing() throws Exception {
        IssuedCertificate c = pki.issueServerCertificate("mx.ocsp-repli.mssante.test", "318000000000100", "REPLI");
        CrlStore noCrl = new CrlStore(CrlStore.Settings.defaults(null), CrlFetcher.OFFLINE, Clock.systemUTC());
        CrlStore crls = new CrlStore(CrlStore.Settings.defaults(null), CrlFetcher.OFFLINE, Clock.systemUTC());
        crls.loadDirectory(pki.writeCrls(Duration.ofDays(1)));
        TrustAnchors anchors = TrustAnchors.of(Hierarchy.TEST, pki.anchors());
        // the intermediate has no OCSP responder: its status comes from the root's CRL
        Verdict ok = new CertificateValidator(anchors, ProfilePolicies.defaults(Hierarchy.TEST),
                RevocationChecker.firstAvailable(checker(), crls), Clock.systemUTC()).validate(c.certificate(), CertificateProfile.SERV_SSL_SERVER);
        assertThat(ok.isAccepted()).as(ok.toString()).isTrue();
        Verdict closed = new CertificateValidator(anchors, ProfilePolicies.defaults(Hierarchy.TEST),
                RevocationChecker.firstAvailable(checker(), noCrl), Clock.systemUTC()).validate(c.certificate(), CertificateProfile.SERV_SSL_SERVER);
        assertThat(closed.reason()).isEqualTo(RefusalReason.CRL_UNAVAILABLE);
        assertThat(closed.detail()).contains("no OCSP responder").contains("offline");
    }
}
