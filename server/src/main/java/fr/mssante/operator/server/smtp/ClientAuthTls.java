package fr.mssante.operator.server.smtp;

import java.io.InputStream;
import java.security.KeyStore;

import javax.net.ssl.SSLContext;

import org.apache.james.filesystem.api.FileSystem;
import org.apache.james.protocols.lib.SslConfig;
import org.apache.james.protocols.netty.Encryption;

import nl.altindag.ssl.SSLFactory;
import nl.altindag.ssl.util.PemUtils;

/**
 * The TLS of a listener with {@code <clientAuth>}: James's {@code <tls>} settings unchanged (our key material from
 * {@code <keystore>} or PEM files, protocols, cipher suites, STARTTLS or implicit TLS, client certificate required),
 * only the client-certificate trust is {@link AnchorChainTrustManager}.
 */
final class ClientAuthTls {
    private ClientAuthTls() {
    }

    static Encryption encryption(FileSystem files, SslConfig tls) throws Exception {
        SSLFactory.Builder context = SSLFactory.builder().withSslContextAlgorithm("TLS");
        withKeyMaterial(context, files, tls);
        context.withTrustMaterial(AnchorChainTrustManager.of(truststore(files, tls), tls.getTruststore()));
        SSLContext ssl = context.build().getSslContext();
        return tls.useStartTLS()
            ? Encryption.createStartTls(ssl, tls.getEnabledCipherSuites(), tls.getEnabledProtocols(), tls.getClientAuth())
            : Encryption.createTls(ssl, tls.getEnabledCipherSuites(), tls.getEnabledProtocols(), tls.getClientAuth());
    }

    private static void withKeyMaterial(SSLFactory.Builder context, FileSystem files, SslConfig tls) throws Exception {
        char[] secret = tls.getSecret() == null ? null : tls.getSecret().toCharArray();
        if (tls.getKeystore() != null) {
            char[] password = secret == null ? new char[0] : secret;
            context.withIdentityMaterial(files.getFile(tls.getKeystore()).toPath(), password, password, tls.getKeystoreType());
            return;
        }
        try (InputStream chain = files.getResource(tls.getCertificates());
             InputStream key = files.getResource(tls.getPrivateKey())) {
            context.withIdentityMaterial(PemUtils.loadIdentityMaterial(chain, key, secret));
        }
    }

    /** Loaded with {@code <truststoreType>} (James 3.8.1 uses {@code <keystoreType>} by mistake; equal in our conf). */
    private static KeyStore truststore(FileSystem files, SslConfig tls) throws Exception {
        KeyStore store = KeyStore.getInstance(tls.getTruststoreType());
        try (InputStream in = files.getResource(tls.getTruststore())) {
            store.load(in, tls.getTruststoreSecret());
        }
        return store;
    }
}
