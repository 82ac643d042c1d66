package fr.mssante.operator.bench.interop;

import java.io.IOException;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.X509Certificate;

import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManager;
import javax.net.ssl.X509TrustManager;

import fr.mssante.operator.trust.pki.IssuedCertificate;

/**
 * Operator A as seen from B's port 25: its SERV SSL certificate and key, presented whenever B asks for a client
 * certificate. A's own check of B's certificate is outbound work (RemoteDelivery), not what this bench measures.
 */
final class PeerOperator {
    private static final char[] SECRET = "bench-peer-secret".toCharArray();

    private final String heloName;
    private final SSLContext tls;

    PeerOperator(String heloName, IssuedCertificate certificate) {
        this.heloName = heloName;
        try {
            KeyStore keys = certificate.keyStore(SECRET);
            KeyManagerFactory factory = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
            factory.init(keys, SECRET);
            tls = SSLContext.getInstance("TLS");
            tls.init(factory.getKeyManagers(), new TrustManager[] {new AnyServer()}, null);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("Cannot build operator A's TLS context", e);
        }
    }

    /** A new TCP connection, EHLO, STARTTLS with a full handshake, EHLO again. */
    PeerSession connect(int port) throws IOException {
        return PeerSession.open(port, heloName, tls);
    }

    /** Throw-away TEST servers on the loopback: B's identity is not under test here. */
    private static final class AnyServer implements X509TrustManager {
        @Override
        public void checkClientTrusted(X509Certificate[] chain, String authType) {
        }

        @Override
        public void checkServerTrusted(X509Certificate[] chain, String authType) {
        }

        @Override
        public X509Certificate[] getAcceptedIssuers() {
            return new X509Certificate[0];
        }
    }
}
