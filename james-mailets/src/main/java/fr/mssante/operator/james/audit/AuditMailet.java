package fr.mssante.operator.james.audit;

import java.time.Clock;
import java.util.Optional;

import javax.inject.Inject;
import javax.mail.MessagingException;

import org.apache.james.core.MailAddress;
import org.apache.mailet.Attribute;
import org.apache.mailet.AttributeName;
import org.apache.mailet.Mail;
import org.apache.mailet.MailetException;
import org.apache.mailet.base.GenericMailet;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Records a step of the mailet container in the audit trail, one event per recipient of the mail it sees, and
 * lets the mail go on unchanged. Parameters: {@code direction} and {@code decision} (required), {@code reason}
 * (optional fixed text). The reason and SMTP codes otherwise come from the mail: RemoteDelivery's
 * {@code delivery-error} / {@code delivery-error-code} attributes in the bounce processor, else the mail's error
 * message (e.g. a {@code ToProcessor} notice such as {@code 550 5.1.1 No such mailbox here}).
 */
public class AuditMailet extends GenericMailet {

    private static final Logger LOGGER = LoggerFactory.getLogger(AuditMailet.class);
    static final AttributeName DELIVERY_ERROR = AttributeName.of("delivery-error");
    static final AttributeName DELIVERY_ERROR_CODE = AttributeName.of("delivery-error-code");

    private final AuditRepository audit;
    private final Clock clock;
    private AuditDirection direction;
    private AuditDecision decision;
    private Optional<String> fixedReason;

    @Inject
    public AuditMailet(AuditRepository audit, Clock clock) {
        this.audit = audit;
        this.clock = clock;
    }

    @Override
    public void init() throws MessagingException {
        direction = required("direction", AuditDirection::parse);
        decision = required("decision", AuditDecision::parse);
        fixedReason = getInitParameterAsOptional("reason").filter(reason -> !reason.isBlank());
    }

    private <T> T required(String name, java.util.function.Function<String, T> parser) throws MailetException {
        String value = getInitParameterAsOptional(name)
            .filter(v -> !v.isBlank())
            .orElseThrow(() -> new MailetException(getClass().getSimpleName() + " needs the parameter <" + name + ">"));
        try {
            return parser.apply(value);
        } catch (IllegalArgumentException e) {
            throw new MailetException(getClass().getSimpleName() + " <" + name + ">: " + e.getMessage());
        }
    }

    @Override
    public void service(Mail mail) {
        try {
            AuditEvent event = event(mail);
            if (mail.getRecipients().isEmpty()) {
                audit.append(event);
            }
            for (MailAddress recipient : mail.getRecipients()) {
                audit.append(event.withRecipient(recipient.asString()));
            }
        } catch (RuntimeException | MessagingException e) {
            // The mail goes on whatever happens to its audit record.
            LOGGER.error("audit: cannot record {} {} of mail {}", direction, decision, mail.getName(), e);
        }
    }

    private AuditEvent event(Mail mail) throws MessagingException {
        String reason = fixedReason.or(() -> attribute(mail, DELIVERY_ERROR)).orElse(mail.getErrorMessage());
        Optional<SmtpReply> reply = SmtpReply.find(reason);
        Optional<String> code = attribute(mail, DELIVERY_ERROR_CODE).or(() -> reply.map(SmtpReply::code));
        return AuditEvent.builder(clock.instant(), direction, decision)
            .mailId(mail.getName())
            .listener("mailet:" + mail.getState())
            .peerIp(mail.getRemoteAddr())
            .authenticatedUser(attribute(mail, Mail.SMTP_AUTH_USER).orElse(null))
            .mailFrom(mail.getMaybeSender().asString("<>"))
            .messageId(mail.getMessage() == null ? null : mail.getMessage().getMessageID())
            .size(mail.getMessageSize())
            .reply(new SmtpReply(code.orElse(null),
                reply.map(SmtpReply::enhancedStatusCode).orElse(null),
                reply.map(SmtpReply::text).orElse(reason)))
            .build();
    }

    private static Optional<String> attribute(Mail mail, AttributeName name) {
        return mail.getAttribute(name)
            .map(Attribute::getValue)
            .map(value -> value.getValue())
            .map(String::valueOf);
    }

    @Override
    public String getMailetInfo() {
        return "MSSanté audit trail: records " + direction + " " + decision + " per recipient";
    }
}
