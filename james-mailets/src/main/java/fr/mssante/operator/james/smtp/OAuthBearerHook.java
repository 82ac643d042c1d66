package fr.mssante.operator.james.smtp;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.apache.james.core.Username;
import org.apache.james.jwt.OidcJwtTokenVerifier;
import org.apache.james.protocols.api.OidcSASLConfiguration;
import org.apache.james.protocols.smtp.SMTPSession;
import org.apache.james.protocols.smtp.hook.AuthHook;
import org.apache.james.protocols.smtp.hook.HookResult;
import org.apache.james.protocols.smtp.hook.HookReturnCode;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * SASL OAUTHBEARER as RFC 7628 writes it ({@code n,a=user,^Aauth=Bearer <token>^A^A}): James 3.8.1 only parses
 * the XOAUTH2 shape ({@code user=...^Aauth=Bearer ...}) and answers {@code invalid_token} to a standard client.
 * The token's signature is checked against the configured JWKS (James's verifier), the configured claim names the
 * mailbox, and the authorization identity, when given, must be that mailbox. XOAUTH2 is left to James.
 */
public class OAuthBearerHook implements AuthHook {
    private static final Logger LOGGER = LoggerFactory.getLogger(OAuthBearerHook.class);
    private static final Pattern GS2_HEADER = Pattern.compile("^n,(?:a=([^,]*))?,");
    private static final Pattern BEARER = Pattern.compile("\u0001auth=Bearer ([^\u0001]+)\u0001");
    static final HookResult INVALID_TOKEN = HookResult.builder()
        .hookReturnCode(HookReturnCode.deny())
        .smtpReturnCode("535")
        .smtpDescription("5.7.8 Authentication credentials invalid: access token refused (signature, expiry or mailbox claim)")
        .build();

    @Override
    public HookResult doAuth(SMTPSession session, Username username, String password) {
        return HookResult.DECLINED;
    }

    @Override
    public HookResult doSasl(SMTPSession session, OidcSASLConfiguration configuration, String initialResponse) {
        Optional<String> decoded = decode(initialResponse);
        Matcher header = decoded.map(GS2_HEADER::matcher).filter(Matcher::find).orElse(null);
        if (header == null) {
            return HookResult.DECLINED;
        }
        Matcher bearer = BEARER.matcher(decoded.get().substring(header.end()));
        if (!bearer.find()) {
            return INVALID_TOKEN;
        }
        Optional<String> mailbox = OidcJwtTokenVerifier.verifySignatureAndExtractClaim(bearer.group(1),
            configuration.getJwksURL(), configuration.getClaim());
        String authorizationId = header.group(1);
        if (mailbox.isEmpty() || (authorizationId != null && !authorizationId.isEmpty()
            && !authorizationId.replace("=2C", ",").replace("=3D", "=").equalsIgnoreCase(mailbox.get()))) {
            LOGGER.info("mssante.smtp.auth.refused mechanism=OAUTHBEARER session={} remote={} authzid={}",
                session.getSessionID(), session.getRemoteAddress(), authorizationId);
            return INVALID_TOKEN;
        }
        session.setUsername(Username.of(mailbox.get()));
        session.setRelayingAllowed(true);
        LOGGER.info("mssante.smtp.auth mechanism=OAUTHBEARER session={} user={}", session.getSessionID(), mailbox.get());
        return HookResult.builder().hookReturnCode(HookReturnCode.ok())
            .smtpDescription("2.7.0 Authentication successful").build();
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
