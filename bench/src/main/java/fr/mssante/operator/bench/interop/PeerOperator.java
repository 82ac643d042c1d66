package fr.mssante.operator.bench.interop;

import java.io.IOException;
import java.security.GeneralSecurityException;
import java.security.KeyStore;

import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;

import fr.mssante.operator.bench.smtp.AnyServerCertificate;
import fr.mssante.operator.bench.smtp.SmtpSession;
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
            // B's identity is not under test here: any server certificate of the throw-away TEST PKI.
            tls = AnyServerCertificate.tlsContext(factory.getKeyManagers());
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("Cannot build operator A's TLS context", e);
        }
    }

    /** A new TCP connection, EHLO, STARTTLS with a full handshake, EHLO again. */
    SmtpSession connect(int port) throws IOException {
        return SmtpSession.open(port, heloName, tls);
    }
}
