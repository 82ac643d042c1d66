package fr.mssante.operator.server.home;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.spec.PKCS8EncodedKeySpec;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Date;

import io.jsonwebtoken.Jwts;
import io.jsonwebtoken.SignatureAlgorithm;

/**
 * The RSA key pair behind WebAdmin's JWT authentication, for homes that mint their own (demo, tests). The public
 * key goes where webadmin.properties reads it; the private key stays in the home's secrets folder and signs
 * administrator tokens ({@code "admin": true}, as James's JwtFilter requires).
 */
public final class WebAdminKeys {
    private static final String PRIVATE_KEY_FILE = "webadmin-jwt-private.der";

    private final PrivateKey privateKey;

    private WebAdminKeys(PrivateKey privateKey) {
        this.privateKey = privateKey;
    }

    /** Loads the home's signing key, minting the pair at first use. */
    public static WebAdminKeys ofHome(ServerHome home) {
        Path privateKeyFile = home.secrets().resolve(PRIVATE_KEY_FILE);
        try {
            if (!Files.exists(privateKeyFile) || !Files.exists(home.webAdminJwtPublicKey())) {
                KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
                generator.initialize(2048);
                KeyPair pair = generator.generateKeyPair();
                Files.createDirectories(home.secrets());
                Files.createDirectories(home.conf());
                Files.write(privateKeyFile, pair.getPrivate().getEncoded());
                Files.writeString(home.webAdminJwtPublicKey(), "-----BEGIN PUBLIC KEY-----\n"
                    + Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII)).encodeToString(pair.getPublic().getEncoded())
                    + "\n-----END PUBLIC KEY-----\n", StandardCharsets.US_ASCII);
                return new WebAdminKeys(pair.getPrivate());
            }
            byte[] encoded = Files.readAllBytes(privateKeyFile);
            return new WebAdminKeys(KeyFactory.getInstance("RSA").generatePrivate(new PKCS8EncodedKeySpec(encoded)));
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read or write the WebAdmin JWT keys under " + home.root(), e);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("Invalid WebAdmin JWT private key " + privateKeyFile, e);
        }
    }

    public String adminToken(String subject, Duration validity) {
        Instant now = Instant.now();
        return Jwts.builder()
            .setSubject(subject)
            .claim("admin", true)
            .setIssuedAt(Date.from(now))
            .setExpiration(Date.from(now.plus(validity)))
            .signWith(privateKey, SignatureAlgorithm.RS256)
            .compact();
    }
}
