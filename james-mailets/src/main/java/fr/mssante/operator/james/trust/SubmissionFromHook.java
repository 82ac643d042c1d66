package fr.mssante.operator.james.trust;

import java.io.IOException;
import java.io.InputStream;

import javax.inject.Inject;
import javax.mail.MessagingException;
import javax.mail.internet.AddressException;
import javax.mail.internet.InternetAddress;
import javax.mail.internet.InternetHeaders;

import org.apache.james.core.Username;
import org.apache.james.protocols.smtp.MailEnvelope;
import org.apache.james.protocols.smtp.SMTPSession;
import org.apache.james.protocols.smtp.hook.HookResult;
import org.apache.james.protocols.smtp.hook.MessageHook;
import org.apache.james.rrt.api.CanSendFrom;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Submission: the From header must name the authenticated mailbox or one it may send for (James aliases: an
 * ORG mailbox's delegates are the users it is an alias of, see docs/trust-space-smtp.md). The envelope sender is
 * checked by James itself ({@code verifyIdentity}); this closes the header spoofing James leaves open.
 */
public class SubmissionFromHook implements MessageHook {
    private static final Logger LOGGER = LoggerFactory.getLogger(SubmissionFromHook.class);

    private final CanSendFrom canSendFrom;

    @Inject
    public SubmissionFromHook(CanSendFrom canSendFrom) {
        this.canSendFrom = canSendFrom;
    }

    @Override
    public HookResult onMessage(SMTPSession session, MailEnvelope mail) {
        Username user = session.getUsername();
        if (user == null) {
            return TrustDecision.tlsRequired("Authentication required on the submission port");
        }
        String[] fromHeaders;
        try (InputStream message = mail.getMessageInputStream()) {
            fromHeaders = new InternetHeaders(message).getHeader("From");
        } catch (IOException | MessagingException e) {
            return TrustDecision.refused("Unreadable message headers: " + e.getMessage());
        }
        if (fromHeaders == null || fromHeaders.length != 1) {
            return TrustDecision.refused("The message must have exactly one From header");
        }
        try {
            for (InternetAddress from : InternetAddress.parseHeader(fromHeaders[0], true)) {
                if (!canSendFrom.userCanSendFrom(user, Username.of(from.getAddress()))) {
                    LOGGER.info("mssante.smtp.submission.refused session={} user={} from={} reason=FROM_NOT_ALLOWED",
                        session.getSessionID(), user.asString(), from.getAddress());
                    return TrustDecision.refused("From " + from.getAddress() + " is not a mailbox "
                        + user.asString() + " may send for");
                }
            }
        } catch (AddressException e) {
            return TrustDecision.refused("Invalid From header: " + e.getMessage());
        }
        return HookResult.DECLINED;
    }
}
