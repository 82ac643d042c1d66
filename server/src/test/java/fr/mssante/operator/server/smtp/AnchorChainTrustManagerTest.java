package fr.mssante.operator.server.smtp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.security.KeyStore;
import java.security.KeyStoreException;
import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import fr.mssante.operator.trust.pki.IssuedCertificate;
import fr.mssante.operator.trust.pki.TestPki;
import fr.mssante.operator.trust.pki.TestProfile;

class AnchorChainTrustManagerTest {
    @TempDir
    static Path root;
    static TestPki pki;
    static AnchorChainTrustManager trust;

    @BeforeAll
    static void anchors() throws Exception {
        pki = TestPki.create(root.resolve("pki"));
        KeyStore store = KeyStore.getInstance("PKCS12");
        store.load(null, null);
        int n = 0;
        for (X509Certificate anchor : pki.anchors()) {
            store.setCertificateEntry("anchor-" + n++, anchor);
        }
        trust = AnchorChainTrustManager.of(store, "test-trust.p12");
    }

    @Test
    void validServerCertificateOfTheAnchorsIsTrusted() {
        assertThatCode(() -> trust.checkClientTrusted(chain(pki.issueServerCertificate("mx.a.mssante.test", "1", "A")), "RSA"))
            .doesNotThrowAnyException();
    }

    @Test
    void expiredAndNotYetValidCertificatesOfTheAnchorsAreLeftToTheHooks() {
        Instant now = Instant.now();
        IssuedCertificate expired = pki.issue(pki.serverRequest("mx.old.mssante.test", "2", "OLD", "Paris (75)")
            .withValidity(now.minus(Duration.ofDays(400)), now.minus(Duration.ofDays(1))));
        IssuedCertificate future = pki.issue(pki.serverRequest("mx.new.mssante.test", "3", "NEW", "Paris (75)")
            .withValidity(now.plus(Duration.ofDays(1)), now.plus(Duration.ofDays(400))));
        assertThatCode(() -> trust.checkClientTrusted(chain(expired), "RSA")).doesNotThrowAnyException();
        assertThatCode(() -> trust.checkClientTrusted(chain(future), "RSA")).doesNotThrowAnyException();
    }

    @Test
    void signatureOnlyCertificateOfTheAnchorsIsLeftToTheHooks() {
        IssuedCertificate signature = pki.issueOrganisationCertificate(TestProfile.ORG_SIGNATURE, "SIGNATAIRE", "4", "ORG");
        assertThatCode(() -> trust.checkClientTrusted(chain(signature), "RSA")).doesNotThrowAnyException();
    }

    @Test
    void certificateOfALookAlikeHierarchyIsRefused() {
        IssuedCertificate lookAlike = TestPki.create(root.resolve("look-alike")).issueServerCertificate("mx.a.mssante.test", "1", "A");
        assertThatThrownBy(() -> trust.checkClientTrusted(chain(lookAlike), "RSA"))
            .isInstanceOf(CertificateException.class)
            .hasMessageContaining("CN=mx.a.mssante.test")
            .hasMessageContaining("does not chain to the listener's <clientAuth> anchors");
    }

    @Test
    void leafAloneWithoutItsIntermediateIsRefusedWhenTheTruststoreHoldsOnlyTheRoot() throws Exception {
        IssuedCertificate peer = pki.issueServerCertificate("mx.b.mssante.test", "5", "B");
        KeyStore rootOnly = KeyStore.getInstance("PKCS12");
        rootOnly.load(null, null);
        rootOnly.setCertificateEntry("root", peer.chain().get(peer.chain().size() - 1));
        AnchorChainTrustManager rootTrust = AnchorChainTrustManager.of(rootOnly, "root.p12");
        assertThatThrownBy(() -> rootTrust.checkClientTrusted(new X509Certificate[] {peer.certificate()}, "RSA"))
            .isInstanceOf(CertificateException.class);
        assertThatCode(() -> rootTrust.checkClientTrusted(chain(peer), "RSA")).doesNotThrowAnyException();
    }

    @Test
    void noCertificateIsRefused() {
        assertThatThrownBy(() -> trust.checkClientTrusted(new X509Certificate[0], "RSA")).hasMessage("no client certificate");
    }

    @Test
    void emptyTruststoreIsRefusedAtStart() throws Exception {
        KeyStore empty = KeyStore.getInstance("PKCS12");
        empty.load(null, null);
        assertThatThrownBy(() -> AnchorChainTrustManager.of(empty, "empty.p12"))
            .isInstanceOf(KeyStoreException.class).hasMessageContaining("empty.p12 holds no trusted certificate");
    }

    @Test
    void checkDateIsNowInsideTheValidityElseTheNearestEnd() {
        X509Certificate leaf = pki.issueServerCertificate("mx.c.mssante.test", "6", "C").certificate();
        Date inside = new Date(leaf.getNotBefore().getTime() + 1000);
        assertThat(AnchorChainTrustManager.dateWithinValidity(leaf, inside)).isEqualTo(inside);
        assertThat(AnchorChainTrustManager.dateWithinValidity(leaf, new Date(leaf.getNotAfter().getTime() + 1)))
            .isEqualTo(leaf.getNotAfter());
        assertThat(AnchorChainTrustManager.dateWithinValidity(leaf, new Date(leaf.getNotBefore().getTime() - 1)))
            .isEqualTo(leaf.getNotBefore());
    }

    private static X509Certificate[] chain(IssuedCertificate issued) {
        return issued.chain().toArray(X509Certificate[]::new);
    }
}
