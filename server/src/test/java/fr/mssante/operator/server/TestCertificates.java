package fr.mssante.operator.server;

import java.nio.file.Path;

import fr.mssante.operator.trust.pki.TestPki;

/** Server certificates from an IGC-Santé-shaped TEST hierarchy minted per home (nothing minted is committed). */
final class TestCertificates {
    private TestCertificates() {
    }

    static void writeServerKeystore(Path keystore, String fqdn, String secret) throws Exception {
        TestPki pki = TestPki.create(keystore.getParent().resolve("test-pki"));
        pki.issueServerCertificate(fqdn, "1750000001", "OPERATEUR DE TEST")
            .writePkcs12(keystore, secret.toCharArray());
    }
}
