package fr.mssante.operator.admin.webadmin;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.interfaces.RSAPrivateKey;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Base64;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.jsonwebtoken.Claims;
import io.jsonwebtoken.Jws;
import io.jsonwebtoken.Jwts;

class MintedTokensTest {
    private static final Instant NOW = Instant.parse("2026-01-15T10:00:00Z");
    private static KeyPair pair;

    @TempDir
    Path dir;

    @BeforeAll
    static void generateKey() throws Exception {
        KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
        generator.initialize(2048);
        pair = generator.generateKeyPair();
    }

    @Test
    void tokensAreAdminJwtsSignedRs256ValidForTheConfiguredTime() {
        MintedTokens tokens = tokensAt(NOW);

        Jws<Claims> jws = Jwts.parserBuilder().setSigningKey(pair.getPublic())
            .setClock(() -> java.util.Date.from(NOW)).build().parseClaimsJws(tokens.bearer());

        assertThat(jws.getHeader().getAlgorithm()).isEqualTo("RS256");
        assertThat(jws.getBody().getSubject()).isEqualTo("operator-admin");
        assertThat(jws.getBody().get("admin", Boolean.class)).isTrue();
        assertThat(jws.getBody().getIssuedAt().toInstant()).isEqualTo(NOW);
        assertThat(jws.getBody().getExpiration().toInstant()).isEqualTo(NOW.plus(Duration.ofMinutes(5)));
    }

    @Test
    void aTokenIsReusedForHalfItsLifeThenRenewed() {
        MutableClock clock = new MutableClock(NOW);
        MintedTokens tokens = new MintedTokens((RSAPrivateKey) pair.getPrivate(), dir.resolve("key.der"),
            "operator-admin", Duration.ofMinutes(5), clock);
        String first = tokens.bearer();

        clock.now = NOW.plus(Duration.ofSeconds(149));
        assertThat(tokens.bearer()).isSameAs(first);
        clock.now = NOW.plus(Duration.ofSeconds(150));
        assertThat(tokens.bearer()).isNotEqualTo(first);
    }

    @Test
    void aValidityTooShortToUseIsRefused() {
        assertThatThrownBy(() -> new MintedTokens((RSAPrivateKey) pair.getPrivate(), dir.resolve("key.der"),
            "operator-admin", Duration.ofSeconds(2), Clock.systemUTC()))
            .hasMessage("mssante.admin.webadmin.token-validity must be at least 10s, got PT2S");
    }

    @Test
    void theKeyIsReadAsDerAsTheServerWritesItAndAsPem() throws Exception {
        Path der = Files.write(dir.resolve("webadmin-jwt-private.der"), pair.getPrivate().getEncoded());
        Path pem = Files.writeString(dir.resolve("webadmin-jwt-private.pem"), "-----BEGIN PRIVATE KEY-----\n"
            + Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII)).encodeToString(pair.getPrivate().getEncoded())
            + "\n-----END PRIVATE KEY-----\n");

        assertThat(SigningKey.read(der)).isEqualTo(pair.getPrivate());
        assertThat(SigningKey.read(pem)).isEqualTo(pair.getPrivate());
    }

    @Test
    void pkcs1AndGarbageKeysAreRefusedWithTheFix() throws Exception {
        Path pkcs1 = Files.writeString(dir.resolve("rsa.pem"), "-----BEGIN RSA PRIVATE KEY-----\nMIIE\n-----END RSA PRIVATE KEY-----\n");
        assertThatThrownBy(() -> SigningKey.read(pkcs1))
            .hasMessageContaining("is a PKCS#1 key")
            .hasMessageContaining("openssl pkcs8 -topk8 -nocrypt");
        Path garbage = Files.writeString(dir.resolve("garbage.der"), "not a key");
        assertThatThrownBy(() -> SigningKey.read(garbage))
            .isInstanceOf(IllegalArgumentException.class)
            .hasMessageStartingWith(garbage + " is not an RSA private key in PKCS#8 (DER or PEM)");
    }

    private MintedTokens tokensAt(Instant instant) {
        return new MintedTokens((RSAPrivateKey) pair.getPrivate(), dir.resolve("key.der"), "operator-admin",
            Duration.ofMinutes(5), Clock.fixed(instant, ZoneOffset.UTC));
    }

    private static final class MutableClock extends Clock {
        private Instant now;

        MutableClock(Instant now) {
            this.now = now;
        }

        @Override
        public Instant instant() {
            return now;
        }

        @Override
        public java.time.ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(java.time.ZoneId zone) {
            return this;
        }
    }
}
