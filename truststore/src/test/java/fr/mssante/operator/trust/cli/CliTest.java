package fr.mssante.operator.trust.cli;

import static org.assertj.core.api.Assertions.assertThat;

import fr.mssante.operator.trust.anchor.TrustAnchors;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.io.InputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The pki and trust commands end to end on files, as an operator runs them. */
class CliTest {
    @TempDir
    Path dir;
    final ByteArrayOutputStream out = new ByteArrayOutputStream();
    final ByteArrayOutputStream err = new ByteArrayOutputStream();

    int pki(String... args) {
        return PkiCli.run(args, new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8));
    }

    int trust(String... args) {
        out.reset();
        return TrustCli.run(args, new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8));
    }

    String out() {
        return out.toString(StandardCharsets.UTF_8);
    }

    @Test
    void mintVerifyRevokeAndListAnOperator() throws Exception {
        Path pkiDir = dir.resolve("pki");
        assertThat(pki("init", pkiDir.toString())).isZero();
        assertThat(TrustAnchors.readCertificates(pkiDir.resolve("anchors.p7b"))).hasSize(4);
        assertThat(pki("server", pkiDir.toString(), "--fqdn", "mx.demo.mssante.test", "--structure-id", "318000000000100",
                "--org", "OPERATEUR DEMO")).isZero();
        Path issued = pkiDir.resolve("issued/mx.demo.mssante.test");
        KeyStore ks = KeyStore.getInstance("PKCS12");
        try (InputStream in = Files.newInputStream(issued.resolve("keystore.p12"))) {
            ks.load(in, "changeit".toCharArray());
        }
        assertThat(ks.getCertificateChain("mssante")).hasSize(3);
        assertThat(pki("org", pkiDir.toString(), "--profile", "ORG_SIGNATURE", "--cn", "SERVICE SIGNATURE",
                "--structure-id", "1690000100", "--org", "CLINIQUE", "--name", "sig")).isZero();

        assertThat(pki("personal", pkiDir.toString(), "--profile", "PERSONAL_SIGNATURE", "--id", "810001234567",
                "--given-name", "Jeanne", "--surname", "Dupont")).isZero();
        assertThat(pki("crl", pkiDir.toString(), "--days", "2")).isZero();

        String cert = issued.resolve("cert.pem").toString();
        String anchors = pkiDir.resolve("anchors.p7b").toString();
        String crlDir = pkiDir.resolve("crl").toString();
        assertThat(trust("verify", "--anchors", anchors, "--crl-dir", crlDir, "--offline", cert)).isZero();
        assertThat(out()).contains("ACCEPTED").contains("structure:   SIRET 18000000000100");
        assertThat(trust("verify", "--anchors", anchors, "--crl-dir", crlDir, "--offline", "--profile", "SERV_SSL",
                pkiDir.resolve("issued/sig/cert.pem").toString())).isEqualTo(1);
        assertThat(out()).contains("REFUSED WRONG_PROFILE");
        assertThat(trust("verify", "--anchors", anchors, "--crl-dir", crlDir, "--offline", "--profile", "PERSONAL_SIGNATURE",
                pkiDir.resolve("issued/810001234567/cert.pem").toString())).isZero();
        assertThat(out()).contains("professional id: 810001234567");
        assertThat(trust("verify", "--anchors", anchors, "--offline", cert)).isEqualTo(1);
        assertThat(out()).contains("REFUSED CRL_UNAVAILABLE");

        assertThat(pki("revoke", pkiDir.toString(), cert)).isZero();
        assertThat(trust("verify", "--anchors", pkiDir.resolve("anchors.pem").toString(), "--crl-dir", crlDir, "--offline", cert)).isEqualTo(1);
        assertThat(out()).contains("REFUSED REVOKED");

        Path lb = dir.resolve("lb.xml");
        assertThat(pki("listeblanche", pkiDir.toString(), "--out", lb.toString(), "demo.mssante.test=" + cert,
                "demo.mssante.test=" + pkiDir.resolve("issued/sig/cert.pem"), "autre.mssante.test=" + cert)).isZero();
        assertThat(trust("whitelist", "--file", lb.toString(), "DEMO.mssante.test")).isZero();
        assertThat(out()).contains("2 operator certificate(s)").contains("CN=mx.demo.mssante.test,OU=318000000000100");
        assertThat(trust("whitelist", "--file", lb.toString(), "absent.mssante.test")).isEqualTo(1);
    }

    @Test
    void defaultsComeFromTheServerTrustConfiguration() throws Exception {
        Path pkiDir = dir.resolve("pki");
        assertThat(pki("init", pkiDir.toString())).isZero();
        assertThat(pki("server", pkiDir.toString(), "--fqdn", "mx.conf.mssante.test", "--structure-id", "1690000100",
                "--org", "CONF")).isZero();
        String cert = pkiDir.resolve("issued/mx.conf.mssante.test/cert.pem").toString();
        Path lb = dir.resolve("last-good.xml");
        assertThat(pki("listeblanche", pkiDir.toString(), "--out", lb.toString(), "conf.mssante.test=" + cert)).isZero();
        Path config = dir.resolve("trust.properties");
        Files.writeString(config, "mssante.trust.hierarchy=TEST\n"
                + "mssante.trust.anchors=" + pkiDir.resolve("anchors.pem") + "\n"
                + "mssante.trust.crl.dir=" + pkiDir.resolve("crl") + "\n"
                + "mssante.trust.listeblanche.last-good=" + lb + "\n");
        assertThat(trust("verify", "--config", config.toString(), "--offline", cert)).isZero();
        assertThat(out()).contains("ACCEPTED");
        assertThat(trust("whitelist", "--config", config.toString(), "conf.mssante.test")).isZero();
        assertThat(out()).contains("CN=mx.conf.mssante.test");
    }

    @Test
    void helpListsProfilesAndBadUsageIsExplained() {
        assertThat(trust("--help")).isZero();
        assertThat(out()).contains("SERV_SSL_SERVER").contains("PERSONAL_ENCRYPTION").contains("ORG_CONFIDENTIALITY");
        assertThat(trust("verify", "x.pem")).isEqualTo(2);
        assertThat(err.toString(StandardCharsets.UTF_8)).contains("missing --anchors");
        assertThat(pki("--help")).isZero();
        assertThat(pki("server", dir.resolve("nothing").toString(), "--fqdn", "a", "--structure-id", "1", "--org", "o")).isEqualTo(1);
        assertThat(err.toString(StandardCharsets.UTF_8)).contains("no test PKI in");
        assertThat(pki("frobnicate", "x")).isEqualTo(2);
    }
}
