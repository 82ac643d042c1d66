package fr.mssante.operator.server.smtp;

import java.net.Socket;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.KeyStoreException;
import java.security.cert.CertPathBuilder;
import java.security.cert.CertStore;
import java.security.cert.CertificateException;
import java.security.cert.CollectionCertStoreParameters;
import java.security.cert.PKIXBuilderParameters;
import java.security.cert.TrustAnchor;
import java.security.cert.X509CertSelector;
import java.security.cert.X509Certificate;
import java.util.Collections;
import java.util.Date;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import javax.net.ssl.SSLEngine;
import javax.net.ssl.X509ExtendedTrustManager;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Client-certificate trust of a {@code <clientAuth>} listener: the TLS layer only asks that the peer's chain be
 * signed up to one of the truststore's anchors. It checks that chain as of a date inside the leaf's validity period,
 * and not the leaf's key usage nor its revocation, so an expired or signature-only IGC-Santé certificate completes
 * the handshake and reaches the SMTP hook, which refuses it with {@code 550 5.7.1} and the truststore's reason and
 * audits it with the certificate's DN. A chain of any other CA still fails the handshake.
 */
final class AnchorChainTrustManager extends X509ExtendedTrustManager {
    private static final Logger LOGGER = LoggerFactory.getLogger(AnchorChainTrustManager.class);

    private final Set<TrustAnchor> anchors;
    private final X509Certificate[] acceptedIssuers;

    private AnchorChainTrustManager(List<X509Certificate> anchorCertificates) {
        Set<TrustAnchor> set = new HashSet<>();
        anchorCertificates.forEach(certificate -> set.add(new TrustAnchor(certificate, null)));
        this.anchors = Collections.unmodifiableSet(set);
        this.acceptedIssuers = anchorCertificates.toArray(X509Certificate[]::new);
    }

    /** The trusted-certificate entries of {@code truststore} are the anchors (as for the JDK's trust manager). */
    static AnchorChainTrustManager of(KeyStore truststore, String name) throws KeyStoreException {
        List<X509Certificate> certificates = new java.util.ArrayList<>();
        for (String alias : Collections.list(truststore.aliases())) {
            if (truststore.isCertificateEntry(alias) && truststore.getCertificate(alias) instanceof X509Certificate c) {
                certificates.add(c);
            }
        }
        if (certificates.isEmpty()) {
            throw new KeyStoreException("truststore " + name + " holds no trusted certificate: no client could ever connect");
        }
        return new AnchorChainTrustManager(certificates);
    }

    @Override
    public void checkClientTrusted(X509Certificate[] chain, String authType) throws CertificateException {
        if (chain == null || chain.length == 0) {
            throw new CertificateException("no client certificate");
        }
        X509Certificate leaf = chain[0];
        try {
            X509CertSelector target = new X509CertSelector();
            target.setCertificate(leaf);
            PKIXBuilderParameters path = new PKIXBuilderParameters(anchors, target);
            path.setDate(dateWithinValidity(leaf, new Date()));
            path.setRevocationEnabled(false);
            path.addCertStore(CertStore.getInstance("Collection", new CollectionCertStoreParameters(List.of(chain))));
            CertPathBuilder.getInstance("PKIX").build(path);
        } catch (GeneralSecurityException e) {
            LOGGER.info("mssante.smtp.tls.refused certificate=\"{}\" issuer=\"{}\" reason=\"no chain to the <clientAuth> anchors: {}\"",
                leaf.getSubjectX500Principal().getName(), leaf.getIssuerX500Principal().getName(), e.getMessage());
            throw new CertificateException("client certificate " + leaf.getSubjectX500Principal().getName()
                + " does not chain to the listener's <clientAuth> anchors: " + e.getMessage(), e);
        }
    }

    /** Now if the leaf is valid now, else the nearest end of its validity: its dates are the hook's to judge. */
    static Date dateWithinValidity(X509Certificate leaf, Date now) {
        if (now.before(leaf.getNotBefore())) {
            return leaf.getNotBefore();
        }
        return now.after(leaf.getNotAfter()) ? leaf.getNotAfter() : now;
    }

    @Override
    public void checkClientTrusted(X509Certificate[] chain, String authType, Socket socket) throws CertificateException {
        checkClientTrusted(chain, authType);
    }

    @Override
    public void checkClientTrusted(X509Certificate[] chain, String authType, SSLEngine engine) throws CertificateException {
        checkClientTrusted(chain, authType);
    }

    /** A listener's SSLContext is a server context: it never judges a server certificate. */
    @Override
    public void checkServerTrusted(X509Certificate[] chain, String authType) throws CertificateException {
        throw new CertificateException("a listener's client-certificate trust manager does not check server certificates");
    }

    @Override
    public void checkServerTrusted(X509Certificate[] chain, String authType, Socket socket) throws CertificateException {
        checkServerTrusted(chain, authType);
    }

    @Override
    public void checkServerTrusted(X509Certificate[] chain, String authType, SSLEngine engine) throws CertificateException {
        checkServerTrusted(chain, authType);
    }

    /** Sent in the CertificateRequest, so clients pick a certificate of these CAs (as James's trust manager does). */
    @Override
    public X509Certificate[] getAcceptedIssuers() {
        return acceptedIssuers.clone();
    }
}
