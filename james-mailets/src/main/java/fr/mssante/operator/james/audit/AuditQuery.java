package fr.mssante.operator.james.audit;

import java.time.Instant;
import java.util.Optional;

/**
 * A page of the audit trail, newest first. Each present filter must match: {@code from} inclusive, {@code to}
 * exclusive, the others equal (addresses and user case-insensitively).
 */
public record AuditQuery(Optional<Instant> from,
                         Optional<Instant> to,
                         Optional<AuditDirection> direction,
                         Optional<AuditDecision> decision,
                         Optional<String> sender,
                         Optional<String> recipient,
                         Optional<String> peerIp,
                         Optional<String> messageId,
                         Optional<String> user,
                         int offset,
                         int limit) {

    public static final int DEFAULT_LIMIT = 100;
    public static final int MAX_LIMIT = 1000;

    public AuditQuery {
        sender = sender.map(AuditEvent::lower);
        recipient = recipient.map(AuditEvent::lower);
        user = user.map(AuditEvent::lower);
        if (from.isPresent() && to.isPresent() && !from.get().isBefore(to.get())) {
            throw new IllegalArgumentException("from (" + from.get() + ") must be before to (" + to.get() + ")");
        }
        if (offset < 0) {
            throw new IllegalArgumentException("offset must be >= 0, got " + offset);
        }
        if (limit < 1 || limit > MAX_LIMIT) {
            throw new IllegalArgumentException("limit must be between 1 and " + MAX_LIMIT + ", got " + limit);
        }
    }

    public static AuditQuery all() {
        return new AuditQuery(Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty(),
            Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty(), 0, DEFAULT_LIMIT);
    }
}
