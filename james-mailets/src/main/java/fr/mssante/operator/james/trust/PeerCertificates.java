package fr.mssante.operator.james.trust;

import java.security.cert.Certificate;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.List;

import javax.net.ssl.SSLPeerUnverifiedException;
import javax.net.ssl.SSLSession;

import org.apache.james.protocols.api.ProtocolSession;

/** The certificate chain the peer presented in the session's TLS handshake, leaf first (empty if none). */
final class PeerCertificates {
    private PeerCertificates() {
    }

    static List<X509Certificate> of(ProtocolSession session) {
        return session.getSSLSession().map(PeerCertificates::of).orElse(List.of());
    }

    static List<X509Certificate> of(SSLSession tls) {
        try {
            List<X509Certificate> chain = new ArrayList<>();
            for (Certificate certificate : tls.getPeerCertificates()) {
                if (certificate instanceof X509Certificate x509) {
                    chain.add(x509);
                }
            }
            return chain;
        } catch (SSLPeerUnverifiedException noClientCertificate) {
            return List.of();
        }
    }
}
