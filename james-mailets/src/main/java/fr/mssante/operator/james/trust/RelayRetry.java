package fr.mssante.operator.james.trust;

import java.time.Clock;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;

import javax.inject.Inject;
import javax.mail.MessagingException;

import org.apache.james.queue.api.MailQueue;
import org.apache.james.queue.api.MailQueueFactory;
import org.apache.mailet.Attribute;
import org.apache.mailet.AttributeName;
import org.apache.mailet.AttributeUtils;
import org.apache.mailet.AttributeValue;
import org.apache.mailet.Mail;
import org.apache.mailet.base.GenericMailet;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import fr.mssante.operator.james.audit.AuditDecision;
import fr.mssante.operator.james.audit.AuditDirection;
import fr.mssante.operator.james.audit.AuditEvent;
import fr.mssante.operator.james.audit.AuditRepository;
import fr.mssante.operator.james.audit.SmtpReply;

/**
 * Retries of remote delivery through the whole relay processor rather than inside RemoteDelivery: RemoteDelivery
 * runs with {@code maxRetries=0} and hands every failure here (its bounce processor). A temporary failure is put
 * back in the spool, delayed, in the relay state, so the trust-space checks run again before the next attempt; a
 * permanent failure, or the last attempt, goes to the bounce processor (a DSN with RemoteDelivery's reason).
 * Each deferral is an OUTBOUND DEFERRED row of the audit trail.
 * <pre>{@code <mailet match="All" class="fr.mssante.operator.james.trust.RelayRetry">
 *     <delays>PT5S,PT1M,PT15M,PT1H</delays>   <!-- the last delay repeats -->
 *     <maxAttempts>8</maxAttempts>
 *     <retryProcessor>relay</retryProcessor>
 *     <bounceProcessor>bounces</bounceProcessor>
 * </mailet>}</pre>
 */
public class RelayRetry extends GenericMailet {
    private static final Logger LOGGER = LoggerFactory.getLogger(RelayRetry.class);
    static final AttributeName ATTEMPTS = AttributeName.of("mssante-relay-attempts");

    private final MailQueueFactory<?> queues;
    private final AuditRepository audit;
    private final Clock clock;
    private MailQueue spool;
    private List<Duration> delays;
    private int maxAttempts;
    private String retryProcessor;
    private String bounceProcessor;

    @Inject
    public RelayRetry(MailQueueFactory<?> queues, AuditRepository audit, Clock clock) {
        this.queues = queues;
        this.audit = audit;
        this.clock = clock;
    }

    @Override
    public void init() throws MessagingException {
        delays = Arrays.stream(getInitParameter("delays", "PT5S,PT1M,PT15M,PT1H").split(","))
            .map(String::trim).map(Duration::parse).toList();
        maxAttempts = Integer.parseInt(getInitParameter("maxAttempts", "8"));
        retryProcessor = getInitParameter("retryProcessor", "relay");
        bounceProcessor = getInitParameter("bounceProcessor", "bounces");
        spool = queues.createQueue(MailQueueFactory.SPOOL);
    }

    @Override
    public void service(Mail mail) throws MessagingException {
        boolean permanent = AttributeUtils.getValueAndCastFromMail(mail, OutsideTrustSpaceBounce.IS_DELIVERY_PERMANENT_ERROR, Boolean.class)
            .orElse(false);
        int attempts = AttributeUtils.getValueAndCastFromMail(mail, ATTEMPTS, Integer.class).orElse(0) + 1;
        String error = AttributeUtils.getValueAndCastFromMail(mail, OutsideTrustSpaceBounce.DELIVERY_ERROR, String.class)
            .orElse("unknown error");
        if (permanent || attempts >= maxAttempts) {
            LOGGER.info("mssante.relay.bounced mail={} recipients={} attempts={} permanent={} error=\"{}\"",
                mail.getName(), mail.getRecipients(), attempts, permanent, error);
            mail.setState(bounceProcessor);
            return;
        }
        Duration delay = delays.get(Math.min(attempts - 1, delays.size() - 1));
        mail.setAttribute(new Attribute(ATTEMPTS, AttributeValue.of(attempts)));
        mail.removeAttribute(OutsideTrustSpaceBounce.DELIVERY_ERROR);
        mail.setState(retryProcessor);
        spool.enQueue(mail, delay);
        LOGGER.info("mssante.relay.deferred mail={} recipients={} attempt={} retryIn={} error=\"{}\"",
            mail.getName(), mail.getRecipients(), attempts, delay, error);
        recordDeferral(mail, attempts, delay, error);
        mail.setState(Mail.GHOST);
    }

    private void recordDeferral(Mail mail, int attempts, Duration delay, String error) {
        try {
            AuditEvent event = AuditEvent.builder(clock.instant(), AuditDirection.OUTBOUND, AuditDecision.DEFERRED)
                .mailId(mail.getName())
                .listener("mailet:relay-failed")
                .mailFrom(mail.getMaybeSender().asString("<>"))
                .messageId(mail.getMessage() == null ? null : mail.getMessage().getMessageID())
                .size(mail.getMessageSize())
                .reply(new SmtpReply(null, null, "attempt " + attempts + " failed, retry in " + delay + ": " + error))
                .build();
            mail.getRecipients().forEach(recipient -> audit.append(event.withRecipient(recipient.asString())));
        } catch (RuntimeException | MessagingException e) {
            // The mail is already back in the spool whatever happens to its audit record.
            LOGGER.error("audit: cannot record the deferral of mail {}", mail.getName(), e);
        }
    }

    @Override
    public String getMailetInfo() {
        return "Retries remote delivery through the relay processor, then bounces";
    }
}
