package fr.mssante.operator.james.smtp;

import org.apache.james.core.MaybeSender;
import org.apache.james.core.Username;
import org.apache.james.protocols.api.OidcSASLConfiguration;
import org.apache.james.protocols.smtp.SMTPSession;
import org.apache.james.protocols.smtp.hook.AuthHook;
import org.apache.james.protocols.smtp.hook.HookResult;
import org.apache.james.protocols.smtp.hook.HookReturnCode;
import org.apache.james.protocols.smtp.hook.MailHook;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Nothing before TLS: refuses MAIL FROM and AUTH on a session that has not negotiated TLS. In the MSSanté trust
 * space nothing travels in clear; James 3.8.1 only hides AUTH before STARTTLS ({@code requireSSL}) but still
 * accepts it, and offers STARTTLS without requiring it.
 */
public class RequireTlsHook implements MailHook, AuthHook {
    private static final Logger LOGGER = LoggerFactory.getLogger(RequireTlsHook.class);
    static final HookResult TLS_REQUIRED = HookResult.builder()
        .hookReturnCode(HookReturnCode.deny())
        .smtpReturnCode("530")
        .smtpDescription("5.7.0 Must issue a STARTTLS command first: TLS is required in the MSSante trust space")
        .build();
    /** RFC 4954: encryption required for the requested authentication mechanism. */
    static final HookResult TLS_REQUIRED_FOR_AUTH = HookResult.builder()
        .hookReturnCode(HookReturnCode.deny())
        .smtpReturnCode("538")
        .smtpDescription("5.7.11 Encryption required: issue STARTTLS before AUTH")
        .build();

    @Override
    public HookResult doMail(SMTPSession session, MaybeSender sender) {
        if (session.isTLSStarted()) {
            return HookResult.DECLINED;
        }
        LOGGER.info("mssante.smtp.refused reason=TLS_REQUIRED command=MAIL session={} remote={} sender={}",
            session.getSessionID(), session.getRemoteAddress(), sender.asString());
        return TLS_REQUIRED;
    }

    @Override
    public HookResult doAuth(SMTPSession session, Username username, String password) {
        return refuseAuthWithoutTls(session);
    }

    @Override
    public HookResult doSasl(SMTPSession session, OidcSASLConfiguration saslConfiguration, String initialResponse) {
        return refuseAuthWithoutTls(session);
    }

    private HookResult refuseAuthWithoutTls(SMTPSession session) {
        if (session.isTLSStarted()) {
            return HookResult.DECLINED;
        }
        LOGGER.info("mssante.smtp.refused reason=TLS_REQUIRED command=AUTH session={} remote={}",
            session.getSessionID(), session.getRemoteAddress());
        return TLS_REQUIRED_FOR_AUTH;
    }
}
