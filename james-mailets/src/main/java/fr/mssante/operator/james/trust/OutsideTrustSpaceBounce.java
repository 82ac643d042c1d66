package fr.mssante.operator.james.trust;

import java.util.ArrayList;
import java.util.List;

import javax.inject.Inject;
import javax.mail.MessagingException;

import org.apache.james.core.MailAddress;
import org.apache.james.lifecycle.api.LifecycleUtil;
import org.apache.mailet.Attribute;
import org.apache.mailet.AttributeName;
import org.apache.mailet.AttributeValue;
import org.apache.mailet.Mail;
import org.apache.mailet.base.GenericMailet;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import fr.mssante.operator.trust.whitelist.ListeBlanche;

/**
 * First mailet of the relay processor: recipients whose domain is not (or no longer) in the liste blanche are
 * split off and sent to the bounce processor with a permanent 5.7.1 reason, so the DSN says why. It runs again
 * before every delivery attempt (see {@link RelayRetry}), so a domain that leaves the list while mail is queued
 * gets a bounce, not a delivery.
 * <pre>{@code <mailet match="All" class="fr.mssante.operator.james.trust.OutsideTrustSpaceBounce">
 *     <bounceProcessor>bounces</bounceProcessor>
 * </mailet>}</pre>
 */
public class OutsideTrustSpaceBounce extends GenericMailet {
    private static final Logger LOGGER = LoggerFactory.getLogger(OutsideTrustSpaceBounce.class);
    /** The attributes RemoteDelivery's bouncer sets and DSNBounce reads. */
    static final AttributeName DELIVERY_ERROR = AttributeName.of("delivery-error");
    static final AttributeName IS_DELIVERY_PERMANENT_ERROR = AttributeName.of("is-delivery-permanent-error");

    private final ServerTrustSpace trust;
    private String bounceProcessor;

    @Inject
    public OutsideTrustSpaceBounce(ServerTrustSpace trust) {
        this.trust = trust;
    }

    @Override
    public void init() {
        bounceProcessor = getInitParameter("bounceProcessor", "bounces");
    }

    @Override
    public void service(Mail mail) throws MessagingException {
        ListeBlanche listeBlanche = trust.currentListeBlanche();
        List<MailAddress> outside = new ArrayList<>();
        List<MailAddress> inside = new ArrayList<>();
        for (MailAddress recipient : mail.getRecipients()) {
            (listeBlanche.containsDomain(recipient.getDomain().asString()) ? inside : outside).add(recipient);
        }
        if (outside.isEmpty()) {
            return;
        }
        Mail refused = mail.duplicate();
        try {
            refused.setRecipients(outside);
            refused.setAttribute(new Attribute(DELIVERY_ERROR, AttributeValue.of(
                "5.7.1 recipient domain outside the MSSante trust space: not (or no longer) in the liste blanche")));
            refused.setAttribute(new Attribute(IS_DELIVERY_PERMANENT_ERROR, AttributeValue.of(true)));
            getMailetContext().sendMail(refused, bounceProcessor);
        } finally {
            // sendMail queued a copy; ours holds the message (a temporary file above 100 KB) until disposed
            LifecycleUtil.dispose(refused);
        }
        LOGGER.info("mssante.relay.refused mail={} sender={} recipients={} reason=OUTSIDE_TRUST_SPACE",
            mail.getName(), mail.getMaybeSender().asString(), outside);
        if (inside.isEmpty()) {
            mail.setState(Mail.GHOST);
        } else {
            mail.setRecipients(inside);
        }
    }

    @Override
    public String getMailetInfo() {
        return "Bounces recipients outside the MSSante trust space";
    }
}
