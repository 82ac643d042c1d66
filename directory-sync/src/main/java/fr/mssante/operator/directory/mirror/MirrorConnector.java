package fr.mssante.operator.directory.mirror;

import com.unboundid.ldap.sdk.BindRequest;
import com.unboundid.ldap.sdk.LDAPConnectionOptions;
import com.unboundid.ldap.sdk.LDAPConnectionPool;
import com.unboundid.ldap.sdk.LDAPException;
import com.unboundid.ldap.sdk.LDAPURL;
import com.unboundid.ldap.sdk.SingleServerSet;
import com.unboundid.ldap.sdk.StartTLSPostConnectProcessor;
import com.unboundid.util.ssl.JVMDefaultTrustManager;
import com.unboundid.util.ssl.SSLUtil;

import javax.net.ssl.SSLSocketFactory;
import javax.net.ssl.TrustManagerFactory;
import javax.net.ssl.X509TrustManager;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.util.Collection;
import java.util.List;

/**
 * Opens connection pools to the mirror over {@code ldap://}, {@code ldaps://} or {@code ldap://} with StartTLS
 * (before any bind). With TLS, the mirror's certificate must chain to a CA of the PEM file given (else to the JVM's
 * trusted CAs) and carry the URL's host in its subjectAltName. A bind password never goes in clear to a host other than loopback unless
 * the operator explicitly allows it.
 */
public final class MirrorConnector {
    private enum Security { PLAIN, LDAPS, START_TLS }

    private final LDAPURL url;
    private final Security security;
    private final Path caFile;

    /** {@code caFile}: PEM CA certificate(s) for the mirror's certificate, or null for the JVM's trusted CAs. */
    public MirrorConnector(String url, boolean startTls, Path caFile) throws LDAPException {
        this.url = new LDAPURL(url);
        this.caFile = caFile;
        String scheme = this.url.getScheme();
        if (!scheme.equals("ldap") && !scheme.equals("ldaps")) {
            throw new IllegalArgumentException("--ldap-url must be ldap:// or ldaps:// (got " + scheme + "://)");
        }
        if (scheme.equals("ldaps") && startTls) {
            throw new IllegalArgumentException("--ldap-starttls is for ldap:// URLs: ldaps:// is TLS from the first byte");
        }
        security = scheme.equals("ldaps") ? Security.LDAPS : startTls ? Security.START_TLS : Security.PLAIN;
        if (security == Security.PLAIN && caFile != null) {
            throw new IllegalArgumentException("--ldap-ca-file needs ldaps:// or --ldap-starttls (" + url
                    + " is plain LDAP)");
        }
    }

    /** The URL, and StartTLS when used: for errors. */
    private String describe() {
        return url.toString() + (security == Security.START_TLS ? " (StartTLS)" : "");
    }

    /**
     * Refuses a bind password in clear to a host other than loopback unless {@code allowPlaintext}; returns a warning
     * for any other clear-text exchange with such a host (null when there is nothing to say).
     */
    public String plaintextWarning(boolean bindsWithPassword, boolean allowPlaintext) {
        if (security != Security.PLAIN || isLoopback()) {
            return null;
        }
        if (bindsWithPassword && !allowPlaintext) {
            throw new IllegalArgumentException("refusing to send the bind password in clear to " + url
                    + ": use ldaps:// or --ldap-starttls (with --ldap-ca-file), or --ldap-allow-plaintext on a network"
                    + " you trust");
        }
        return "the mirror " + url + " is reached without TLS: " + (bindsWithPassword
                ? "the bind password and the directory data (red-listed mailboxes included) cross the network in clear"
                : "the directory data (red-listed mailboxes included) cross the network in clear")
                + "; use ldaps:// or --ldap-starttls";
    }

    private boolean isLoopback() {
        try {
            return InetAddress.getByName(url.getHost()).isLoopbackAddress();
        } catch (UnknownHostException e) {
            return false;
        }
    }

    /** A pool of up to {@code size} connections, each secured (if asked) before it binds. */
    public LDAPConnectionPool pool(BindRequest bind, int size, LDAPConnectionOptions options)
            throws LDAPException, IOException {
        SingleServerSet servers = switch (security) {
            case PLAIN -> new SingleServerSet(url.getHost(), url.getPort(), null, options, bind, null);
            case LDAPS -> new SingleServerSet(url.getHost(), url.getPort(), tlsSocketFactory(), options, bind, null);
            case START_TLS -> new SingleServerSet(url.getHost(), url.getPort(), null, options, bind,
                    new StartTLSPostConnectProcessor(tlsSocketFactory()));
        };
        try {
            return new LDAPConnectionPool(servers, bind, 1, size);
        } catch (LDAPException e) {
            throw security == Security.PLAIN ? e : new LDAPException(e.getResultCode(), "TLS to the mirror "
                    + describe() + " failed: " + tlsReason(e), e);
        }
    }

    private SSLSocketFactory tlsSocketFactory() throws IOException {
        X509TrustManager trust = caFile == null ? JVMDefaultTrustManager.getInstance() : caFileTrustManager();
        try {
            return new SSLUtil(new MirrorTrustManager(trust, caFile == null ? "the JVM's trusted CAs"
                    : "--ldap-ca-file " + caFile, url.getHost())).createSSLSocketFactory();
        } catch (GeneralSecurityException e) {
            throw new IOException("cannot set up TLS to the mirror: " + e.getMessage(), e);
        }
    }

    private X509TrustManager caFileTrustManager() throws IOException {
        if (!Files.isReadable(caFile)) {
            throw new IOException("cannot read --ldap-ca-file " + caFile);
        }
        try (InputStream in = Files.newInputStream(caFile)) {
            Collection<? extends Certificate> cas = CertificateFactory.getInstance("X.509").generateCertificates(in);
            if (cas.isEmpty()) {
                throw new IOException("--ldap-ca-file " + caFile + " holds no PEM certificate");
            }
            KeyStore store = KeyStore.getInstance("PKCS12");
            store.load(null, null);
            int i = 0;
            for (Certificate ca : cas) {
                store.setCertificateEntry("mirror-ca-" + i++, ca);
            }
            TrustManagerFactory factory = TrustManagerFactory.getInstance("PKIX");
            factory.init(store);
            return (X509TrustManager) factory.getTrustManagers()[0];
        } catch (GeneralSecurityException e) {
            throw new IOException("--ldap-ca-file " + caFile + " is not a PEM certificate file: " + e.getMessage(), e);
        }
    }

    /** What the trust manager said (the outermost certificate refusal), else the deepest cause (host name check). */
    private static String tlsReason(Throwable e) {
        Throwable cause = e;
        while (cause.getCause() != null && cause.getCause() != cause) {
            if (cause instanceof CertificateException) {
                return cause.getMessage();
            }
            cause = cause.getCause();
        }
        return cause.getMessage() != null ? cause.getMessage() : e.getMessage();
    }

    /**
     * Checks the chain against the CAs, then the URL's host against the certificate's subjectAltName, and says which
     * certificate was refused and why, instead of PKIX's bare "path building failed". (UnboundID's
     * HostNameSSLSocketVerifier accepts any name for a loopback address, so the host check is done here.)
     */
    private record MirrorTrustManager(X509TrustManager delegate, String source, String host) implements X509TrustManager {
        @Override
        public void checkServerTrusted(X509Certificate[] chain, String authType) throws CertificateException {
            String subject = chain[0].getSubjectX500Principal().getName();
            try {
                delegate.checkServerTrusted(chain, authType);
            } catch (CertificateException e) {
                throw new CertificateException("the mirror's certificate '" + subject + "' (issuer '"
                        + chain[0].getIssuerX500Principal().getName() + "') is not trusted by " + source + ": "
                        + e.getMessage(), e);
            }
            List<String> names = MirrorHostName.subjectAltNames(chain[0]);
            if (!MirrorHostName.matches(host, names)) {
                throw new CertificateException("the mirror's certificate '" + subject + "' is for "
                        + (names.isEmpty() ? "no subjectAltName" : String.join(", ", names)) + ", not for " + host
                        + " (the host of --ldap-url)");
            }
        }

        @Override
        public void checkClientTrusted(X509Certificate[] chain, String authType) throws CertificateException {
            throw new CertificateException("the sync is a client: it never checks client certificates");
        }

        @Override
        public X509Certificate[] getAcceptedIssuers() {
            return delegate.getAcceptedIssuers();
        }
    }
}
