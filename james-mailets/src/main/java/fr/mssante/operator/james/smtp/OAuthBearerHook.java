package fr.mssante.operator.james.smtp;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.apache.commons.configuration2.Configuration;
import org.apache.commons.configuration2.ex.ConfigurationException;
import org.apache.james.core.Username;
import org.apache.james.protocols.api.OidcSASLConfiguration;
import org.apache.james.protocols.api.Response;
import org.apache.james.protocols.api.handler.LineHandler;
import org.apache.james.protocols.smtp.SMTPResponse;
import org.apache.james.protocols.smtp.SMTPSession;
import org.apache.james.protocols.smtp.hook.AuthHook;
import org.apache.james.protocols.smtp.hook.HookResult;
import org.apache.james.protocols.smtp.hook.HookReturnCode;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * SMTP AUTH with an OpenID Connect access token, for both mechanisms James announces with {@code <oidc>}:
 * OAUTHBEARER in the RFC 7628 shape ({@code n,a=user,^Aauth=Bearer <token>^A^A}, which James 3.8.1 does not parse)
 * and XOAUTH2 ({@code user=<user>^Aauth=Bearer <token>^A^A}). The token is checked by {@link AccessTokenVerifier}
 * (signature, expiry, issuer, audience), which James's own XOAUTH2 verifier cannot do. This hook answers every SASL
 * attempt, so James's verifier is never consulted; it must therefore come before {@code CoreCmdHandlerLoader}:
 * <pre>{@code
 * <handler class="fr.mssante.operator.james.smtp.OAuthBearerHook">
 *     <issuer>https://auth.esw.esante.gouv.fr/auth/realms/esante-wallet</issuer>
 *     <audience>our-client-id</audience>
 * </handler>}</pre>
 * Without {@code <issuer>} and {@code <audience>} every token is refused.
 * A refused token gets the RFC 7628 error challenge ({@code 334} + JSON), then {@code 535 5.7.8} with the reason;
 * unreadable provider keys get {@code 454 4.7.0} so the client retries.
 */
public class OAuthBearerHook implements AuthHook {
    private static final Logger LOGGER = LoggerFactory.getLogger(OAuthBearerHook.class);
    static final String ISSUER = "issuer";
    static final String AUDIENCE = "audience";
    private static final Pattern GS2_HEADER = Pattern.compile("^n,(?:a=([^,]*))?,");
    private static final Pattern XOAUTH2_USER = Pattern.compile("^user=([^\u0001]*)\u0001");
    private static final Pattern BEARER = Pattern.compile("\u0001auth=Bearer ([^\u0001]+)\u0001");

    /** The mechanism's shape as sent by the client: the identity it asks for (may be empty) and the token. */
    private record Credentials(String mechanism, String identity, String token) {
    }

    /** Empty when {@code <issuer>} / {@code <audience>} are not configured: then every token is refused. */
    private Optional<AccessTokenVerifier> verifier = Optional.empty();

    @Override
    public void init(Configuration config) throws ConfigurationException {
        String issuer = config.getString(ISSUER, "").trim();
        String audience = config.getString(AUDIENCE, "").trim();
        if (issuer.isEmpty() != audience.isEmpty()) {
            throw new ConfigurationException(getClass().getName() + " needs both <" + ISSUER + "> and <" + AUDIENCE
                + ">, got only <" + (issuer.isEmpty() ? AUDIENCE : ISSUER) + ">");
        }
        if (issuer.isEmpty()) {
            LOGGER.info("mssante.smtp.auth OAUTHBEARER/XOAUTH2 access tokens are refused on this listener: "
                + "no <{}> and <{}> on {}", ISSUER, AUDIENCE, getClass().getSimpleName());
            return;
        }
        verifier = Optional.of(new AccessTokenVerifier(issuer, audience));
    }

    @Override
    public HookResult doAuth(SMTPSession session, Username username, String password) {
        return HookResult.DECLINED;
    }

    @Override
    public HookResult doSasl(SMTPSession session, OidcSASLConfiguration configuration, String initialResponse) {
        Optional<Credentials> credentials = decode(initialResponse).flatMap(OAuthBearerHook::credentials);
        if (credentials.isEmpty()) {
            return refuse(session, configuration, "SASL", "no access token in the initial response");
        }
        Credentials sent = credentials.get();
        if (verifier.isEmpty()) {
            return refuse(session, configuration, sent.mechanism(),
                "access tokens are not accepted here (no expected issuer and audience configured)");
        }
        AccessTokenVerifier.Verdict verdict = verifier.get().verify(sent.token(), configuration.getJwksURL(), configuration.getClaim());
        if (verdict.temporary()) {
            LOGGER.warn("mssante.smtp.auth.deferred mechanism={} session={} remote={} reason={}",
                sent.mechanism(), session.getSessionID(), session.getRemoteAddress(), verdict.refusal());
            return HookResult.builder().hookReturnCode(HookReturnCode.denySoft()).smtpReturnCode("454")
                .smtpDescription("4.7.0 Temporary authentication failure: " + verdict.refusal()).build();
        }
        if (!verdict.isAccepted()) {
            return refuse(session, configuration, sent.mechanism(), verdict.refusal());
        }
        if (!sent.identity().isEmpty() && !sent.identity().equalsIgnoreCase(verdict.mailbox())) {
            return refuse(session, configuration, sent.mechanism(),
                "the token names " + verdict.mailbox() + ", not " + sent.identity());
        }
        session.setUsername(Username.of(verdict.mailbox()));
        session.setRelayingAllowed(true);
        LOGGER.info("mssante.smtp.auth mechanism={} session={} user={}", sent.mechanism(), session.getSessionID(), verdict.mailbox());
        return HookResult.builder().hookReturnCode(HookReturnCode.ok())
            .smtpDescription("2.7.0 Authentication successful").build();
    }

    /**
     * RFC 7628 3.2.2: the failure is a 334 challenge carrying the error JSON; the client answers (a lone ^A) and
     * gets 535. A plain 535 from a hook would not do: James then asks its next AuthHook, whose XOAUTH2 verifier
     * accepts any well-signed token of the realm.
     */
    private static HookResult refuse(SMTPSession session, OidcSASLConfiguration configuration, String mechanism, String reason) {
        LOGGER.info("mssante.smtp.auth.refused mechanism={} session={} remote={} reason={}",
            mechanism, session.getSessionID(), session.getRemoteAddress(), reason);
        session.pushLineHandler(new LineHandler<SMTPSession>() {
            @Override
            public Response onLine(SMTPSession lineSession, byte[] line) {
                lineSession.popLineHandler();
                return new SMTPResponse("535", "5.7.8 Authentication credentials invalid: " + reason);
            }
        });
        String error = "{\"status\":\"invalid_token\",\"scope\":\"" + configuration.getScope()
            + "\",\"openid-configuration\":\"" + configuration.getOidcConfigurationURL() + "\"}";
        return HookResult.builder().hookReturnCode(HookReturnCode.deny()).smtpReturnCode("334")
            .smtpDescription(Base64.getEncoder().encodeToString(error.getBytes(StandardCharsets.UTF_8))).build();
    }

    private static Optional<Credentials> credentials(String decoded) {
        Matcher gs2 = GS2_HEADER.matcher(decoded);
        if (gs2.find()) {
            String authzid = Optional.ofNullable(gs2.group(1)).orElse("").replace("=2C", ",").replace("=3D", "=");
            return token(decoded.substring(gs2.end())).map(token -> new Credentials("OAUTHBEARER", authzid, token));
        }
        Matcher user = XOAUTH2_USER.matcher(decoded);
        if (user.find()) {
            return token(decoded.substring(user.end() - 1)).map(token -> new Credentials("XOAUTH2", user.group(1), token));
        }
        return Optional.empty();
    }

    private static Optional<String> token(String rest) {
        Matcher bearer = BEARER.matcher(rest);
        return bearer.find() ? Optional.of(bearer.group(1)) : Optional.empty();
    }

    private static Optional<String> decode(String initialResponse) {
        if (initialResponse == null) {
            return Optional.empty();
        }
        try {
            return Optional.of(new String(Base64.getDecoder().decode(initialResponse.trim()), StandardCharsets.UTF_8));
        } catch (IllegalArgumentException notBase64) {
            return Optional.empty();
        }
    }
}
