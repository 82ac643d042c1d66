package fr.mssante.operator.trust.tls;

import java.util.List;

/**
 * One mail transaction on an outbound session, as the peer answered it: the envelope sender it accepted, each
 * recipient with its reply (accepted or refused, by the peer or by our recipient domain check), the Message-ID
 * and size of the message sent, and the reply to the end of DATA ({@code null} when DATA never ended, e.g. every
 * recipient was refused). Message content other than the Message-ID header is not kept.
 */
public record OutboundTransaction(OutboundPeer peer, String mailFrom, List<RecipientReply> recipients,
                                  String messageId, long size, OutboundReply dataReply) {

    public OutboundTransaction {
        recipients = List.copyOf(recipients);
    }

    /** A recipient of the transaction and the reply to its {@code RCPT TO}. */
    public record RecipientReply(String recipient, OutboundReply reply) {
    }
}
