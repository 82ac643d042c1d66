package fr.mssante.operator.bench.smtp;

import java.security.GeneralSecurityException;
import java.security.cert.X509Certificate;

import javax.net.ssl.KeyManager;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManager;
import javax.net.ssl.X509TrustManager;

/**
 * TLS for a load client on loopback against servers the harness itself just certified with a throw-away TEST PKI:
 * the handshake cost is what is measured, certificate trust is the truststore module's subject.
 */
public final class AnyServerCertificate implements X509TrustManager {
    private AnyServerCertificate() {
    }

    public static SSLContext tlsContext() {
        return tlsContext(null);
    }

    /** The same, presenting the client certificate of {@code keys} when the server asks for one (null: none). */
    public static SSLContext tlsContext(KeyManager[] keys) {
        try {
            SSLContext context = SSLContext.getInstance("TLS");
            context.init(keys, new TrustManager[] {new AnyServerCertificate()}, null);
            return context;
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("No TLS in this JVM", e);
        }
    }

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
