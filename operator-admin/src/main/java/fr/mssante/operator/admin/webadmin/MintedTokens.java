package fr.mssante.operator.admin.webadmin;

import java.nio.file.Path;
import java.security.interfaces.RSAPrivateKey;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;

import io.jsonwebtoken.Jwts;
import io.jsonwebtoken.SignatureAlgorithm;

/**
 * Short-lived administrator tokens signed with the WebAdmin private key, in the server's format (WebAdminKeys):
 * RS256, {@code sub}, {@code "admin": true}, {@code iat}, {@code exp}. A token is reused until half its life is
 * spent, so a leaked one soon expires and the console does not sign on every request.
 */
final class MintedTokens implements WebAdminToken {
    private final RSAPrivateKey key;
    private final Path keyFile;
    private final String subject;
    private final Duration validity;
    private final Clock clock;
    private String current;
    private Instant renewAt = Instant.MIN;

    MintedTokens(RSAPrivateKey key, Path keyFile, String subject, Duration validity, Clock clock) {
        if (validity.compareTo(Duration.ofSeconds(10)) < 0) {
            throw new IllegalArgumentException("mssante.admin.webadmin.token-validity must be at least 10s, got " + validity);
        }
        this.key = key;
        this.keyFile = keyFile;
        this.subject = subject;
        this.validity = validity;
        this.clock = clock;
    }

    @Override
    public synchronized String bearer() {
        Instant now = clock.instant();
        if (current == null || !now.isBefore(renewAt)) {
            current = Jwts.builder()
                .setSubject(subject)
                .claim("admin", true)
                .setIssuedAt(Date.from(now))
                .setExpiration(Date.from(now.plus(validity)))
                .signWith(key, SignatureAlgorithm.RS256)
                .compact();
            renewAt = now.plus(validity.dividedBy(2));
        }
        return current;
    }

    @Override
    public String description() {
        return "tokens minted for '" + subject + "' (valid " + validity.toSeconds() + " s) with the key " + keyFile;
    }
}
