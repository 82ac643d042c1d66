package fr.mssante.operator.james.smtp;

import org.apache.james.core.MaybeSender;
import org.apache.james.protocols.smtp.SMTPSession;
import org.apache.james.protocols.smtp.hook.HookResult;
import org.apache.james.protocols.smtp.hook.HookReturnCode;
import org.apache.james.protocols.smtp.hook.MailHook;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * On submission ports (587, 465) every message comes from an authenticated mailbox, local recipients included:
 * James only requires AUTH for relaying, so an unauthenticated client could otherwise drop mail into local boxes.
 */
public class RequireAuthHook implements MailHook {
    private static final Logger LOGGER = LoggerFactory.getLogger(RequireAuthHook.class);
    static final HookResult AUTH_REQUIRED = HookResult.builder()
        .hookReturnCode(HookReturnCode.deny())
        .smtpReturnCode("530")
        .smtpDescription("5.7.0 Authentication required on the submission port")
        .build();

    @Override
    public HookResult doMail(SMTPSession session, MaybeSender sender) {
        if (session.getUsername() != null) {
            return HookResult.DECLINED;
        }
        LOGGER.info("mssante.smtp.refused reason=AUTH_REQUIRED session={} remote={} sender={}",
            session.getSessionID(), session.getRemoteAddress(), sender.asString());
        return AUTH_REQUIRED;
    }
}
