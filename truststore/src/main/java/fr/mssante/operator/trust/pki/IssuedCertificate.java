package fr.mssante.operator.trust.pki;

import java.io.IOException;
import java.io.OutputStream;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.cert.Certificate;
import java.security.cert.X509Certificate;
import java.util.List;
import org.bouncycastle.openssl.jcajce.JcaPEMWriter;

/**
 * A certificate minted by the test PKI with its private key and chain (leaf, intermediate, root).
 * Writes the shapes the server consumes: a PKCS#12 keystore, a PEM chain and a PEM key.
 */
public record IssuedCertificate(X509Certificate certificate, PrivateKey privateKey, List<X509Certificate> chain) {

    public static final String ALIAS = "mssante";

    public KeyStore keyStore(char[] password) {
        try {
            KeyStore ks = KeyStore.getInstance("PKCS12");
            ks.load(null, null);
            ks.setKeyEntry(ALIAS, privateKey, password, chain.toArray(new Certificate[0]));
            return ks;
        } catch (GeneralSecurityException | IOException e) {
            throw new IllegalStateException("cannot build PKCS#12 keystore: " + e.getMessage(), e);
        }
    }

    /** PKCS#12 keystore with alias {@value #ALIAS}, key and chain protected by {@code password}. */
    public Path writePkcs12(Path file, char[] password) throws IOException {
        Files.createDirectories(file.toAbsolutePath().getParent());
        try (OutputStream out = Files.newOutputStream(file)) {
            keyStore(password).store(out, password);
        } catch (GeneralSecurityException e) {
            throw new IOException("cannot write " + file + ": " + e.getMessage(), e);
        }
        return file;
    }

    /** PEM of the chain, leaf first. */
    public Path writePemChain(Path file) throws IOException {
        Files.createDirectories(file.toAbsolutePath().getParent());
        Files.writeString(file, pem(chain.toArray()), StandardCharsets.US_ASCII);
        return file;
    }

    public Path writeCertificatePem(Path file) throws IOException {
        Files.createDirectories(file.toAbsolutePath().getParent());
        Files.writeString(file, pem(certificate), StandardCharsets.US_ASCII);
        return file;
    }

    /** Unencrypted PKCS#8 PEM: test material only. */
    public Path writePrivateKeyPem(Path file) throws IOException {
        Files.createDirectories(file.toAbsolutePath().getParent());
        Files.writeString(file, pem(privateKey), StandardCharsets.US_ASCII);
        return file;
    }

    static String pem(Object... objects) {
        StringWriter sw = new StringWriter();
        try (JcaPEMWriter w = new JcaPEMWriter(sw)) {
            for (Object o : objects) {
                w.writeObject(o);
            }
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        return sw.toString();
    }
}
