package fr.mssante.operator.bench.trust;

import fr.mssante.operator.trust.anchor.Hierarchy;
import fr.mssante.operator.trust.anchor.TrustAnchors;
import fr.mssante.operator.trust.crl.CrlFetcher;
import fr.mssante.operator.trust.crl.CrlStore;
import fr.mssante.operator.trust.pki.TestCa;
import fr.mssante.operator.trust.pki.TestPki;
import fr.mssante.operator.trust.validation.CertificateValidator;
import fr.mssante.operator.trust.validation.ProfilePolicies;
import java.io.IOException;
import java.math.BigInteger;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.bouncycastle.asn1.x509.CRLReason;

/** A TEST PKI with operator certificates, revoked ones on the CRL, and the CRLs on disk. */
final class TrustFixture {
    final TestPki pki;
    final List<X509Certificate> operators = new ArrayList<>();
    final Path crlDir;
    final TrustAnchors anchors;

    TrustFixture(int certificates, int revokedOnCrl) throws IOException {
        pki = TestPki.create(Files.createTempDirectory("bench-pki"));
        for (int i = 0; i < certificates; i++) {
            operators.add(pki.issueServerCertificate("mx" + i + ".operateur.mssante.test", "318000000000100", "OPERATEUR " + i).certificate());
        }
        for (int i = 0; i < revokedOnCrl; i++) {
            pki.revoke(TestCa.ORGANISATIONS, BigInteger.valueOf(1_000_000L + i), CRLReason.keyCompromise);
        }
        crlDir = pki.writeCrls(Duration.ofDays(7));
        anchors = TrustAnchors.of(Hierarchy.TEST, pki.anchors());
    }

    CrlStore loadCrls() throws IOException {
        CrlStore crls = new CrlStore(CrlStore.Settings.defaults(null), CrlFetcher.OFFLINE, Clock.systemUTC());
        crls.loadDirectory(crlDir);
        return crls;
    }

    CertificateValidator validator(CrlStore crls) {
        return new CertificateValidator(anchors, ProfilePolicies.defaults(Hierarchy.TEST), crls, Clock.systemUTC());
    }
}
