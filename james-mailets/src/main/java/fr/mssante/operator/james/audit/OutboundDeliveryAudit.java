package fr.mssante.operator.james.audit;

import java.time.Clock;

import javax.inject.Inject;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import fr.mssante.operator.trust.tls.OutboundHandshakeFailure;
import fr.mssante.operator.trust.tls.OutboundReply;
import fr.mssante.operator.trust.tls.OutboundSmtpObserver;
import fr.mssante.operator.trust.tls.OutboundTransaction;

/**
 * Records what RemoteDelivery's TLS sessions to other operators show (James 3.8.1 has no delivery callback; the
 * outbound socket factory reports it, see {@link OutboundSmtpObserver}): one {@code OUTBOUND} row per recipient of
 * each transaction, {@code DELIVERED} when the peer accepted the recipient and the message, {@code REFUSED} /
 * {@code DEFERRED} with the peer's (or our recipient domain check's) reply otherwise; and one {@code OUTBOUND REFUSED}
 * row per failed TLS handshake, with the certificate and the trust space's reason. Listener {@code remote-delivery}.
 */
public class OutboundDeliveryAudit implements OutboundSmtpObserver {

    private static final Logger LOGGER = LoggerFactory.getLogger(OutboundDeliveryAudit.class);
    static final String LISTENER = "remote-delivery";

    private final AuditRepository audit;
    private final Clock clock;

    @Inject
    public OutboundDeliveryAudit(AuditRepository audit, Clock clock) {
        this.audit = audit;
        this.clock = clock;
    }

    @Override
    public void transactionEnded(OutboundTransaction transaction) {
        for (OutboundTransaction.RecipientReply recipient : transaction.recipients()) {
            OutboundReply reply = recipient.reply().isPositive() ? transaction.dataReply() : recipient.reply();
            if (reply == null) {
                continue; // accepted, but the message was never completed: RemoteDelivery's retry is recorded instead
            }
            SmtpReply smtp = SmtpReply.of(String.valueOf(reply.code()), reply.text());
            AuditDecision decision = reply.isPositive() ? AuditDecision.DELIVERED : AuditDecision.ofSmtpCode(smtp.code());
            String reason = (reply.local() ? "not sent to " : (reply.isPositive() ? "accepted by " : "answered by "))
                + transaction.peer().host() + ": " + smtp.text();
            audit.append(AuditEvent.builder(clock.instant(), AuditDirection.OUTBOUND, decision)
                .listener(LISTENER)
                .peerIp(transaction.peer().address())
                .tls(new TlsFacts(transaction.peer().tlsProtocol(), transaction.peer().tlsCipherSuite(),
                    transaction.peer().certificateDn()))
                .mailFrom(transaction.mailFrom())
                .recipient(recipient.recipient())
                .messageId(transaction.messageId())
                .size(transaction.dataReply() == null ? null : transaction.size())
                .reply(smtp)
                .reason(reason)
                .build());
        }
        LOGGER.debug("audit: outbound transaction to {} recorded ({} recipient(s))", transaction.peer().host(),
            transaction.recipients().size());
    }

    @Override
    public void handshakeFailed(OutboundHandshakeFailure failure) {
        audit.append(AuditEvent.builder(clock.instant(), AuditDirection.OUTBOUND, AuditDecision.REFUSED)
            .listener(LISTENER)
            .peerIp(failure.address())
            .tls(new TlsFacts(null, null, failure.certificateDn()))
            .reason("TLS handshake with " + failure.host() + " failed: " + failure.reason())
            .build());
    }
}
