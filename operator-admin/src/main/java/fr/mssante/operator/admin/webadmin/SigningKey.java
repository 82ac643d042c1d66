package fr.mssante.operator.admin.webadmin;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.PrivateKey;
import java.security.interfaces.RSAPrivateKey;
import java.security.spec.PKCS8EncodedKeySpec;
import java.util.Base64;

/**
 * Reads the RSA private key matching the server's {@code conf/webadmin-jwt-public.pem}: PKCS#8, DER (what the
 * server's WebAdminKeys writes to {@code secrets/webadmin-jwt-private.der}) or PEM ({@code BEGIN PRIVATE KEY}).
 */
final class SigningKey {
    private static final String PEM_BEGIN = "-----BEGIN PRIVATE KEY-----";
    private static final String PEM_END = "-----END PRIVATE KEY-----";

    private SigningKey() {
    }

    static RSAPrivateKey read(Path file) throws IOException {
        byte[] content = Files.readAllBytes(file);
        String text = new String(content, StandardCharsets.US_ASCII);
        byte[] der = content;
        if (text.contains("-----BEGIN RSA PRIVATE KEY-----")) {
            throw new IllegalArgumentException(file + " is a PKCS#1 key (BEGIN RSA PRIVATE KEY); convert it to PKCS#8: "
                + "openssl pkcs8 -topk8 -nocrypt -in " + file + " -out webadmin-jwt-private.pem");
        }
        if (text.contains("-----BEGIN ENCRYPTED PRIVATE KEY-----")) {
            throw new IllegalArgumentException(file + " is encrypted; the console needs an unencrypted PKCS#8 key");
        }
        if (text.contains(PEM_BEGIN)) {
            int start = text.indexOf(PEM_BEGIN) + PEM_BEGIN.length();
            int end = text.indexOf(PEM_END, start);
            if (end < 0) {
                throw new IllegalArgumentException(file + ": no " + PEM_END + " line");
            }
            der = Base64.getMimeDecoder().decode(text.substring(start, end));
        }
        try {
            PrivateKey key = KeyFactory.getInstance("RSA").generatePrivate(new PKCS8EncodedKeySpec(der));
            return (RSAPrivateKey) key;
        } catch (GeneralSecurityException | ClassCastException e) {
            throw new IllegalArgumentException(file + " is not an RSA private key in PKCS#8 (DER or PEM): " + e.getMessage(), e);
        }
    }
}
