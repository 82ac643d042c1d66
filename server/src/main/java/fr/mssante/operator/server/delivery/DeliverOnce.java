package fr.mssante.operator.server.delivery;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import javax.inject.Inject;
import javax.mail.MessagingException;

import org.apache.james.core.MailAddress;
import org.apache.james.metrics.api.Metric;
import org.apache.james.metrics.api.MetricFactory;
import org.apache.james.user.api.UsersRepository;
import org.apache.james.user.api.UsersRepositoryException;
import org.apache.mailet.Mail;
import org.apache.mailet.PerRecipientHeaders.Header;
import org.apache.mailet.base.GenericMailet;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import fr.mssante.operator.server.storage.DeliveryLedger;

/**
 * First mailet of local delivery: drops the recipients whose mailboxes already hold this mail (stored before a crash
 * that lost the spool's acknowledgement, so the spool hands the mail over again), then stamps the mail's delivery id
 * ({@link DeliveryLedger#HEADER}, removing any value the sender wrote) for the store to record with the message.
 */
public class DeliverOnce extends GenericMailet {
    private static final Logger LOGGER = LoggerFactory.getLogger(DeliverOnce.class);

    /** Recipients skipped because their mailboxes already held the mail (WebAdmin {@code /metrics}). */
    public static final String SKIPPED_METRIC = "mssanteDeliveryAlreadyStored";

    private final DeliveryLedger ledger;
    private final UsersRepository users;
    private final Metric skipped;

    @Inject
    public DeliverOnce(DeliveryLedger ledger, UsersRepository users, MetricFactory metrics) {
        this.ledger = ledger;
        this.users = users;
        this.skipped = metrics.generate(SKIPPED_METRIC);
    }

    @Override
    public void service(Mail mail) throws MessagingException {
        String deliveryId = DeliveryLedger.deliveryId(mail.getName());
        Map<String, MailAddress> byUser = new LinkedHashMap<>();
        for (MailAddress recipient : mail.getRecipients()) {
            byUser.put(username(recipient), recipient);
        }
        Set<String> delivered = ledger.alreadyDelivered(deliveryId, byUser.keySet());
        if (!delivered.isEmpty()) {
            LOGGER.warn("delivery: mail {} is already in the mailboxes of {} (stored before the last unclean stop, handed"
                + " over again by the spool): not stored a second time", mail.getName(), delivered);
            skipped.add(delivered.size());
            List<MailAddress> remaining = new ArrayList<>();
            byUser.forEach((user, address) -> {
                if (!delivered.contains(user)) {
                    remaining.add(address);
                }
            });
            mail.setRecipients(remaining);
            if (remaining.isEmpty()) {
                mail.setState(Mail.GHOST);
                return;
            }
        }
        if (mail.getMessage().getHeader(DeliveryLedger.HEADER) != null) {
            mail.getMessage().removeHeader(DeliveryLedger.HEADER); // written by the sender: not ours to record
            mail.getMessage().saveChanges();
        }
        // Added by LocalDelivery as it stores the message for each recipient, as Delivered-To is: rewriting the
        // message here would cost a second serialisation of its headers.
        Header stamp = Header.builder().name(DeliveryLedger.HEADER).value(deliveryId).build();
        for (MailAddress recipient : mail.getRecipients()) {
            mail.addSpecificHeaderForRecipient(stamp, recipient);
        }
    }

    private String username(MailAddress recipient) throws MessagingException {
        try {
            return users.getUsername(recipient).asString();
        } catch (UsersRepositoryException e) {
            throw new MessagingException("Cannot resolve the mailbox of " + recipient.asString() + ": " + e.getMessage(), e);
        }
    }

    @Override
    public String getMailetInfo() {
        return "DeliverOnce";
    }
}
