package fr.mssante.operator.james.audit;

import java.security.cert.Certificate;
import java.security.cert.X509Certificate;
import java.util.Optional;

import javax.net.ssl.SSLPeerUnverifiedException;
import javax.net.ssl.SSLSession;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** What an SMTP session's TLS tells the audit: protocol, cipher suite and the peer certificate's subject DN. */
public record TlsFacts(String protocol, String cipherSuite, String peerCertificateDn) {

    private static final Logger LOGGER = LoggerFactory.getLogger(TlsFacts.class);
    public static final TlsFacts NONE = new TlsFacts(null, null, null);

    public static TlsFacts of(Optional<SSLSession> session) {
        return session.map(TlsFacts::of).orElse(NONE);
    }

    static TlsFacts of(SSLSession session) {
        return new TlsFacts(session.getProtocol(), session.getCipherSuite(), peerDn(session));
    }

    /** RFC 2253 form of the leaf certificate's subject; null when the peer sent no certificate. */
    private static String peerDn(SSLSession session) {
        try {
            Certificate[] chain = session.getPeerCertificates();
            if (chain.length > 0 && chain[0] instanceof X509Certificate leaf) {
                return leaf.getSubjectX500Principal().getName();
            }
            return null;
        } catch (SSLPeerUnverifiedException e) {
            return null;
        } catch (RuntimeException e) {
            LOGGER.debug("audit: cannot read the peer certificate of the TLS session", e);
            return null;
        }
    }
}
