package fr.mssante.operator.james.smtp;

import java.net.URL;
import java.security.PublicKey;
import java.util.Collection;
import java.util.List;
import java.util.Optional;

import org.apache.james.jwt.JwksPublicKeyProvider;
import org.apache.james.jwt.MissingOrInvalidKeyException;
import org.apache.james.jwt.OidcJwtTokenVerifier;

import io.jsonwebtoken.Claims;
import io.jsonwebtoken.ExpiredJwtException;
import io.jsonwebtoken.JwtException;
import io.jsonwebtoken.Jwts;
import io.jsonwebtoken.security.SignatureException;

/**
 * Checks an OpenID Connect access token for SMTP submission: signature against the provider's JWKS, expiry and
 * not-before, the issuer ({@code iss}) and that it was issued to us: {@code aud} contains the expected audience, or
 * {@code azp} (the client the token was issued to, as Keycloak and Pro Santé Connect write it) equals it. Then the
 * configured claim names the mailbox. James's own verifier checks the signature and expiry only.
 */
final class AccessTokenVerifier {

    /** The outcome: a mailbox, or why the token is refused ({@code temporary} when the JWKS could not be read). */
    record Verdict(String mailbox, String refusal, boolean temporary) {
        static Verdict accepted(String mailbox) {
            return new Verdict(mailbox, null, false);
        }

        static Verdict refused(String reason) {
            return new Verdict(null, reason, false);
        }

        boolean isAccepted() {
            return mailbox != null;
        }
    }

    private final String issuer;
    private final String audience;

    AccessTokenVerifier(String issuer, String audience) {
        this.issuer = issuer;
        this.audience = audience;
    }

    Verdict verify(String token, URL jwks, String mailboxClaim) {
        List<PublicKey> keys;
        try {
            Optional<String> kid = OidcJwtTokenVerifier.getClaimWithoutSignatureVerification(token, "kid");
            keys = kid.map(id -> JwksPublicKeyProvider.of(jwks, id)).orElseGet(() -> JwksPublicKeyProvider.of(jwks)).get();
        } catch (MissingOrInvalidKeyException e) {
            return new Verdict(null, "the provider's signing keys (JWKS) cannot be read", true);
        }
        Claims claims = null;
        for (PublicKey key : keys) {
            try {
                claims = Jwts.parserBuilder().setSigningKey(key).build().parseClaimsJws(token).getBody();
                break;
            } catch (ExpiredJwtException e) {
                return Verdict.refused("token expired");
            } catch (SignatureException otherKey) {
                // try the next key of the set
            } catch (JwtException | IllegalArgumentException e) {
                return Verdict.refused("malformed token (" + e.getClass().getSimpleName() + ")");
            }
        }
        if (claims == null) {
            return Verdict.refused("signature not verified by the provider's keys");
        }
        if (!issuer.equals(claims.getIssuer())) {
            return Verdict.refused("issuer '" + claims.getIssuer() + "' is not the expected issuer");
        }
        if (!issuedToUs(claims)) {
            return Verdict.refused("token not issued to audience '" + audience + "' (neither aud nor azp)");
        }
        Object mailbox = claims.get(mailboxClaim);
        if (!(mailbox instanceof String name) || name.isBlank()) {
            return Verdict.refused("no '" + mailboxClaim + "' claim naming a mailbox");
        }
        return Verdict.accepted(name);
    }

    private boolean issuedToUs(Claims claims) {
        Object aud = claims.get(Claims.AUDIENCE);
        boolean inAudience = aud instanceof Collection<?> values ? values.contains(audience) : audience.equals(aud);
        return inAudience || audience.equals(claims.get("azp"));
    }
}
