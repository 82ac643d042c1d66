package fr.mssante.operator.james.audit;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Locale;
import java.util.Objects;

/**
 * One decision of the trust space: an SMTP reply to MAIL FROM, RCPT TO or end of DATA, or a delivery step of the
 * mailet container (one event per recipient). Only envelope facts, TLS facts and the Message-ID: never a message
 * body nor any other header value. Every field but time, direction and decision may be null.
 * Text is clipped to the column sizes so that recording a decision never fails on a long value.
 */
public record AuditEvent(Instant time,
                         String sessionId,
                         String mailId,
                         AuditDirection direction,
                         String listener,
                         String peerIp,
                         String peerCertificateDn,
                         String tlsProtocol,
                         String tlsCipherSuite,
                         String authenticatedUser,
                         String mailFrom,
                         String recipient,
                         String messageId,
                         Long size,
                         AuditDecision decision,
                         String reason,
                         String smtpCode,
                         String enhancedStatusCode) {

    static final int MAX_ID = 256;
    static final int MAX_SHORT = 64;
    static final int MAX_ADDRESS = 320;
    static final int MAX_MESSAGE_ID = 998;
    static final int MAX_TEXT = 1024;

    public AuditEvent {
        Objects.requireNonNull(time, "time");
        Objects.requireNonNull(direction, "direction");
        Objects.requireNonNull(decision, "decision");
        // Microseconds: what both H2 and PostgreSQL keep, so an event reads back equal to what was written.
        time = time.truncatedTo(ChronoUnit.MICROS);
        sessionId = clip(sessionId, MAX_ID);
        mailId = clip(mailId, MAX_ID);
        listener = clip(listener, MAX_SHORT);
        peerIp = clip(peerIp, MAX_SHORT);
        peerCertificateDn = clip(peerCertificateDn, MAX_TEXT);
        tlsProtocol = clip(tlsProtocol, MAX_SHORT);
        tlsCipherSuite = clip(tlsCipherSuite, MAX_ID);
        authenticatedUser = clip(lower(authenticatedUser), MAX_ADDRESS);
        mailFrom = clip(lower(mailFrom), MAX_ADDRESS);
        recipient = clip(lower(recipient), MAX_ADDRESS);
        messageId = clip(messageId, MAX_MESSAGE_ID);
        reason = clip(reason, MAX_TEXT);
        smtpCode = clip(smtpCode, 3);
        enhancedStatusCode = clip(enhancedStatusCode, 16);
    }

    public static Builder builder(Instant time, AuditDirection direction, AuditDecision decision) {
        return new Builder(time, direction, decision);
    }

    /** A copy for another recipient: the per-recipient events of one message share everything else. */
    public AuditEvent withRecipient(String otherRecipient) {
        return new AuditEvent(time, sessionId, mailId, direction, listener, peerIp, peerCertificateDn, tlsProtocol,
            tlsCipherSuite, authenticatedUser, mailFrom, otherRecipient, messageId, size, decision, reason, smtpCode,
            enhancedStatusCode);
    }

    /** Addresses are compared case-insensitively by every filter: they are stored lower-case. */
    static String lower(String value) {
        return value == null ? null : value.toLowerCase(Locale.ROOT);
    }

    private static String clip(String value, int max) {
        if (value == null || value.length() <= max) {
            return value;
        }
        return value.substring(0, max - 1) + "…";
    }

    /** Builds an event field by field: the SMTP capture and the mailet each know a different subset. */
    public static final class Builder {
        private final Instant time;
        private final AuditDirection direction;
        private final AuditDecision decision;
        private String sessionId;
        private String mailId;
        private String listener;
        private String peerIp;
        private String peerCertificateDn;
        private String tlsProtocol;
        private String tlsCipherSuite;
        private String authenticatedUser;
        private String mailFrom;
        private String recipient;
        private String messageId;
        private Long size;
        private String reason;
        private String smtpCode;
        private String enhancedStatusCode;

        private Builder(Instant time, AuditDirection direction, AuditDecision decision) {
            this.time = time;
            this.direction = direction;
            this.decision = decision;
        }

        public Builder sessionId(String value) {
            this.sessionId = value;
            return this;
        }

        public Builder mailId(String value) {
            this.mailId = value;
            return this;
        }

        public Builder listener(String value) {
            this.listener = value;
            return this;
        }

        public Builder peerIp(String value) {
            this.peerIp = value;
            return this;
        }

        public Builder tls(TlsFacts tls) {
            this.peerCertificateDn = tls.peerCertificateDn();
            this.tlsProtocol = tls.protocol();
            this.tlsCipherSuite = tls.cipherSuite();
            return this;
        }

        public Builder authenticatedUser(String value) {
            this.authenticatedUser = value;
            return this;
        }

        public Builder mailFrom(String value) {
            this.mailFrom = value;
            return this;
        }

        public Builder recipient(String value) {
            this.recipient = value;
            return this;
        }

        public Builder messageId(String value) {
            this.messageId = value;
            return this;
        }

        public Builder size(Long value) {
            this.size = value;
            return this;
        }

        public Builder reason(String value) {
            this.reason = value;
            return this;
        }

        public Builder reply(SmtpReply reply) {
            this.smtpCode = reply.code();
            this.enhancedStatusCode = reply.enhancedStatusCode();
            this.reason = reply.text();
            return this;
        }

        public AuditEvent build() {
            return new AuditEvent(time, sessionId, mailId, direction, listener, peerIp, peerCertificateDn, tlsProtocol,
                tlsCipherSuite, authenticatedUser, mailFrom, recipient, messageId, size, decision, reason, smtpCode,
                enhancedStatusCode);
        }
    }
}
