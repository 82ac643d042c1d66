package fr.mssante.operator.server.home;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.List;

import fr.mssante.operator.trust.pki.CertificateRequest;
import fr.mssante.operator.trust.pki.IssuedCertificate;
import fr.mssante.operator.trust.pki.TestPki;

/**
 * An operator's trust material minted from a TEST hierarchy, for the demo and the tests: its SERV SSL certificate
 * (also naming {@code localhost}, since demo operators share one machine), the anchors as PEM and as the PKCS12
 * truststore James's {@code <clientAuth>} needs, current CRLs, and a TEST-hierarchy conf/trust.properties
 * reading the given liste blanche file. Nothing minted here belongs in the repository.
 */
public final class TestOperator {
    static final String STRUCTURE_ID = "1750000001";

    private final X509Certificate certificate;

    private TestOperator(X509Certificate certificate) {
        this.certificate = certificate;
    }

    public X509Certificate certificate() {
        return certificate;
    }

    public static TestOperator install(ServerHome home, TestPki pki, String fqdn, String organisation,
                                       String keystoreSecret, Path listeBlanche) throws IOException {
        Path tls = home.conf().resolve("tls");
        Files.createDirectories(tls);
        CertificateRequest request = pki.serverRequest(fqdn, STRUCTURE_ID, organisation, "Paris (75)");
        IssuedCertificate server = pki.issue(new CertificateRequest(request.subject(), request.profile(),
            List.of(fqdn, "localhost"), request.notBefore(), request.notAfter(), request.rsaBits(),
            request.signatureAlgorithm(), request.policies()));
        server.writePkcs12(home.tlsKeystore(), keystoreSecret.toCharArray());
        Path anchors = pki.writeAnchors(tls.resolve("igc-sante-anchors.pem"));
        writeTrustStore(pki.anchors(), home.clientAuthTrustStore(), keystoreSecret);
        Path crls = pki.writeCrls(Duration.ofDays(30));
        Files.writeString(home.conf().resolve("trust.properties"), String.join("\n",
            "# TEST hierarchy minted for this home (demo or tests); production settings: see the template.",
            "mssante.trust.hierarchy=TEST",
            "mssante.trust.anchors=" + anchors,
            "mssante.trust.crl.dir=" + crls,
            "mssante.trust.crl.download=false",
            "mssante.trust.listeblanche.file=" + listeBlanche.toAbsolutePath(),
            "mssante.trust.listeblanche.last-good={workingDirectory}/var/trust/listeblanche-last-good.xml",
            "mssante.tls.keystore=" + home.tlsKeystore(),
            "mssante.tls.password=" + keystoreSecret,
            ""), StandardCharsets.UTF_8);
        return new TestOperator(server.certificate());
    }

    private static void writeTrustStore(List<X509Certificate> anchors, Path file, String secret) throws IOException {
        try {
            KeyStore store = KeyStore.getInstance("PKCS12");
            store.load(null, null);
            for (X509Certificate anchor : anchors) {
                store.setCertificateEntry(anchor.getSubjectX500Principal().getName(), anchor);
            }
            try (OutputStream out = Files.newOutputStream(file)) {
                store.store(out, secret.toCharArray());
            }
        } catch (GeneralSecurityException e) {
            throw new IOException("Cannot write the IGC-Santé truststore " + file, e);
        }
    }
}
