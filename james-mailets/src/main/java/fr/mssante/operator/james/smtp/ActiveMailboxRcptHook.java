package fr.mssante.operator.james.smtp;

import java.util.Map;
import java.util.Optional;

import javax.inject.Inject;

import org.apache.james.core.MailAddress;
import org.apache.james.core.MaybeSender;
import org.apache.james.protocols.smtp.SMTPRetCode;
import org.apache.james.protocols.smtp.SMTPSession;
import org.apache.james.protocols.smtp.dsn.DSNStatus;
import org.apache.james.protocols.smtp.hook.HookResult;
import org.apache.james.protocols.smtp.hook.HookReturnCode;
import org.apache.james.protocols.smtp.hook.RcptHook;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import fr.mssante.operator.james.registry.Mailbox;
import fr.mssante.operator.james.registry.MailboxRegistry;
import fr.mssante.operator.james.registry.RegistryException;

/**
 * Refuses RCPT to a registered mailbox that is SUSPENDED, at the SMTP step, so the sender learns why
 * instead of the mail bouncing later. Only local mailboxes are ever registered (the WebAdmin route
 * checks the domain), so any other recipient is left to James's own checks.
 * If the registry cannot be read the answer is a temporary failure: the sender retries, no mail is lost.
 */
public class ActiveMailboxRcptHook implements RcptHook {

    private static final Logger LOGGER = LoggerFactory.getLogger(ActiveMailboxRcptHook.class);

    private final MailboxRegistry registry;

    @Inject
    public ActiveMailboxRcptHook(MailboxRegistry registry) {
        this.registry = registry;
    }

    @Override
    public HookResult doRcpt(SMTPSession session, MaybeSender sender, MailAddress rcpt, Map<String, String> parameters) {
        Optional<Mailbox> mailbox;
        try {
            mailbox = registry.find(rcpt.asString());
        } catch (IllegalArgumentException e) {
            // An address the registry could never hold (e.g. longer than its column): not registered.
            return HookResult.DECLINED;
        } catch (RegistryException e) {
            LOGGER.error("RCPT {}: mailbox registry unavailable, answering 451", rcpt.asString(), e);
            return HookResult.builder()
                .hookReturnCode(HookReturnCode.denySoft())
                .smtpReturnCode(SMTPRetCode.LOCAL_ERROR)
                .smtpDescription(DSNStatus.getStatus(DSNStatus.TRANSIENT, DSNStatus.SYSTEM_OTHER)
                    + " mailbox registry temporarily unavailable, try again later")
                .build();
        }
        if (mailbox.map(Mailbox::isSuspended).orElse(false)) {
            LOGGER.info("RCPT {} refused: mailbox suspended (sender {})", rcpt.asString(), sender.asString());
            return HookResult.builder()
                .hookReturnCode(HookReturnCode.deny())
                .smtpReturnCode(SMTPRetCode.MAILBOX_PERM_UNAVAILABLE)
                .smtpDescription(DSNStatus.getStatus(DSNStatus.PERMANENT, DSNStatus.MAILBOX_DISABLED)
                    + " mailbox <" + rcpt.asString() + "> is suspended")
                .build();
        }
        return HookResult.DECLINED;
    }
}
