package fr.mssante.operator.trust;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import fr.mssante.operator.trust.pki.IssuedCertificate;
import fr.mssante.operator.trust.pki.TestPki;
import fr.mssante.operator.trust.tls.MssanteSocketFactory;
import fr.mssante.operator.trust.validation.CertificateProfile;
import java.io.Writer;
import java.net.InetAddress;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLServerSocket;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.SSLSocketFactory;
import fr.mssante.operator.trust.tls.TrustSpaceSsl;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The trust space as the server starts it: from a properties file, as {@code getDefault()} does for JavaMail. */
class TrustSpaceTest {
    @TempDir
    Path dir;

    @Test
    void startsFromAConfigFileAndServesJavaMailThroughGetDefault() throws Exception {
        TestPki pki = Pkis.main();
        IssuedCertificate ours = pki.issueServerCertificate("mx.nous.mssante.test", "318000000000100", "NOUS");
        IssuedCertificate peer = pki.issueServerCertificate("mx.pair.mssante.test", "1690000100", "PAIR");
        Path anchors = pki.writeAnchorsP7b(dir.resolve("chain.p7b"));
        Path crlDir = Files.createDirectories(dir.resolve("crl"));
        for (var f : Files.list(pki.writeCrls(Duration.ofDays(1))).toList()) {
            Files.copy(f, crlDir.resolve(f.getFileName()));
        }
        Path lb = pki.writeListeBlanche(dir.resolve("lb.xml"), Map.of("pair.mssante.test", List.of(peer.certificate())));
        Path ks = ours.writePkcs12(dir.resolve("ours.p12"), "pw".toCharArray());
        Properties p = new Properties();
        p.setProperty("mssante.trust.hierarchy", "TEST");
        p.setProperty("mssante.trust.anchors", anchors.toString());
        p.setProperty("mssante.trust.crl.dir", crlDir.toString());
        p.setProperty("mssante.trust.crl.download", "false");
        p.setProperty("mssante.trust.listeblanche.file", lb.toString());
        p.setProperty("mssante.trust.listeblanche.last-good", dir.resolve("state/lb-last-good.xml").toString());
        p.setProperty("mssante.tls.keystore", ks.toString());
        p.setProperty("mssante.tls.password", "pw");
        Path config = dir.resolve("trust.properties");
        try (Writer w = Files.newBufferedWriter(config)) {
            p.store(w, null);
        }

        System.setProperty(TrustSpaceConfig.CONFIG_FILE_PROPERTY, config.toString());
        MssanteSocketFactory.install(null);
        try (TrustSpace peerSpace = TrustSpace.start(TrustSpaceConfig.from(withKeyStore(p, peer)))) {
            SSLSocketFactory factory = (SSLSocketFactory) MssanteSocketFactory.getDefault();
            assertThat(handshake(peerSpace, factory, "mx.pair.mssante.test")).isNull();
            assertThat(handshake(peerSpace, factory, "mx.autre.mssante.test")).contains("HOST_MISMATCH");
            assertThat(peerSpace.listeBlanche().current().containsDomain("pair.mssante.test")).isTrue();
            assertThat(dir.resolve("state/lb-last-good.xml")).exists();
            assertThat(peerSpace.validator().validate(ours.certificate(), CertificateProfile.SERV_SSL_CLIENT).isAccepted()).isTrue();
        } finally {
            System.clearProperty(TrustSpaceConfig.CONFIG_FILE_PROPERTY);
            MssanteSocketFactory.install(null);
        }
    }

    @Test
    void badSettingsAreNamed() {
        Properties p = new Properties();
        assertThatThrownBy(() -> TrustSpaceConfig.from(p)).hasMessageContaining("mssante.trust.hierarchy");
        p.setProperty("mssante.trust.hierarchy", "RECETTE");
        assertThatThrownBy(() -> TrustSpaceConfig.from(p)).hasMessageContaining("PRODUCTION or TEST");
        p.setProperty("mssante.trust.hierarchy", "TEST");
        p.setProperty("mssante.trust.anchors", "a.pem");
        p.setProperty("mssante.trust.listeblanche.max-shrink", "50%");
        assertThatThrownBy(() -> TrustSpaceConfig.from(p)).hasMessageContaining("max-shrink=50%");
        p.remove("mssante.trust.listeblanche.max-shrink");
        p.setProperty("mssante.trust.crl.grace", "2 hours");
        assertThatThrownBy(() -> TrustSpaceConfig.from(p)).hasMessageContaining("crl.grace");
        p.remove("mssante.trust.crl.grace");
        p.setProperty("mssante.tls.keystore.password", "x");
        assertThatThrownBy(() -> TrustSpaceConfig.from(p)).hasMessageContaining("unknown trust setting mssante.tls.keystore.password");
        p.remove("mssante.tls.keystore.password");
        p.setProperty("mssante.trust.policy.SERV_SSL", "1.2.3");
        assertThatThrownBy(() -> TrustSpaceConfig.from(p)).hasMessageContaining("unknown certificate profile 'SERV_SSL'");
        p.remove("mssante.trust.policy.SERV_SSL");
        p.setProperty("mssante.trust.listeblanche.urll", "https://x");
        assertThatThrownBy(() -> TrustSpaceConfig.from(p)).hasMessageContaining("mssante.trust.listeblanche.urll");
    }

    private Properties withKeyStore(Properties base, IssuedCertificate cert) throws Exception {
        Properties p = new Properties();
        p.putAll(base);
        p.setProperty("mssante.tls.keystore", cert.writePkcs12(dir.resolve("peer.p12"), "pw".toCharArray()).toString());
        return p;
    }

    /** Runs a handshake against a listener of {@code server}; returns the client's error message or null. */
    private static String handshake(TrustSpace server, SSLSocketFactory client, String host) throws Exception {
        var ctx = server.sslContext();
        try (SSLServerSocket listener = (SSLServerSocket) ctx.getServerSocketFactory().createServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            listener.setSSLParameters(TrustSpaceSsl.serverParameters(ctx));
            CompletableFuture<Void> accept = CompletableFuture.runAsync(() -> {
                try (SSLSocket s = (SSLSocket) listener.accept()) {
                    s.startHandshake();
                    s.getOutputStream().write(1);
                    s.getInputStream().read();
                } catch (Exception ignored) {
                    // the client side reports
                }
            });
            try (Socket plain = new Socket(InetAddress.getLoopbackAddress(), listener.getLocalPort());
                 SSLSocket tls = (SSLSocket) client.createSocket(plain, host, listener.getLocalPort(), true)) {
                tls.setSoTimeout(10_000);
                tls.startHandshake();
                return tls.getInputStream().read() == 1 ? null : "no byte";
            } catch (Exception e) {
                return e.toString();
            } finally {
                accept.get(20, TimeUnit.SECONDS);
            }
        }
    }
}
