package fr.mssante.operator.trust.tls;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import javax.net.ssl.KeyManager;
import javax.net.ssl.KeyManagerFactory;

/** Our own SERV SSL key and chain, from a PKCS#12 (or JKS) keystore file. */
public final class OperatorKeys {
    private OperatorKeys() {
    }

    public static KeyManager[] fromKeyStore(Path file, char[] password, String type) {
        try (InputStream in = Files.newInputStream(file)) {
            KeyStore ks = KeyStore.getInstance(type);
            ks.load(in, password);
            return fromKeyStore(ks, password);
        } catch (IOException | GeneralSecurityException e) {
            throw new IllegalArgumentException("cannot load operator keystore " + file + " (" + type + "): "
                    + e.getMessage(), e);
        }
    }

    public static KeyManager[] fromKeyStore(KeyStore ks, char[] password) {
        try {
            KeyManagerFactory kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
            kmf.init(ks, password);
            return kmf.getKeyManagers();
        } catch (GeneralSecurityException e) {
            throw new IllegalArgumentException("unusable operator keystore: " + e.getMessage(), e);
        }
    }
}
