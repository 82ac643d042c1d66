package fr.mssante.operator.trust.tls;

import fr.mssante.operator.trust.validation.CertificateProfile;
import fr.mssante.operator.trust.validation.CertificateValidator;
import java.security.GeneralSecurityException;
import java.util.Set;
import javax.net.ssl.KeyManager;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.TrustManager;

/** Builds the SSLContexts of the trust space: TLS 1.2 minimum, our key, the trust space trust manager. */
public final class TrustSpaceSsl {
    /** TLS 1.3 preferred, 1.2 accepted (crypto baseline of mssante-domain.md). */
    public static final String[] PROTOCOLS = {"TLSv1.3", "TLSv1.2"};

    private TrustSpaceSsl() {
    }

    /**
     * Seconds after its full handshake during which a client TLS session may be resumed. A resumed session skips the
     * trust manager (JSSE checks certificates only in a full handshake), so a peer dropped from the liste blanche or
     * revoked since would still be accepted: JSSE's default is 24 hours, ours the shortest it allows.
     */
    public static final int CLIENT_SESSION_REUSE_SECONDS = 1;

    public static SSLContext context(KeyManager[] keys, TrustSpaceTrustManager trust) {
        try {
            SSLContext ctx = SSLContext.getInstance("TLS");
            ctx.init(keys, new TrustManager[]{trust}, null);
            ctx.getClientSessionContext().setSessionTimeout(CLIENT_SESSION_REUSE_SECONDS);
            SSLParameters defaults = ctx.getDefaultSSLParameters();
            defaults.setProtocols(PROTOCOLS);
            return ctx;
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("cannot build SSLContext: " + e.getMessage(), e);
        }
    }

    /** Parameters for an inbound listener: TLS 1.2+, client certificate required. */
    public static SSLParameters serverParameters(SSLContext ctx) {
        SSLParameters p = ctx.getDefaultSSLParameters();
        p.setProtocols(PROTOCOLS);
        p.setNeedClientAuth(true);
        return p;
    }

    /** Parameters for an outbound connection: TLS 1.2+. */
    public static SSLParameters clientParameters(SSLContext ctx) {
        SSLParameters p = ctx.getDefaultSSLParameters();
        p.setProtocols(PROTOCOLS);
        return p;
    }

    /**
     * For HTTPS downloads from IGC-Santé-certified servers (the liste blanche feed): no client key, server
     * certificate must be a valid SERV SSL server certificate of the configured anchors, nothing else.
     */
    public static SSLContext igcSanteHttpsContext(CertificateValidator validator) {
        return context(null, new TrustSpaceTrustManager(validator, Set.of(CertificateProfile.SERV_SSL_CLIENT),
                CertificateProfile.SERV_SSL_SERVER, null));
    }
}
