package fr.mssante.operator.james.audit;

import java.time.Instant;
import java.util.Optional;

/** Builds {@link AuditQuery} values in tests, one filter at a time. */
final class QueryBuilder {
    private Optional<Instant> from = Optional.empty();
    private Optional<Instant> to = Optional.empty();
    private Optional<AuditDirection> direction = Optional.empty();
    private Optional<AuditDecision> decision = Optional.empty();
    private Optional<String> sender = Optional.empty();
    private Optional<String> recipient = Optional.empty();
    private Optional<String> peerIp = Optional.empty();
    private Optional<String> messageId = Optional.empty();
    private Optional<String> user = Optional.empty();
    private int offset;
    private int limit = AuditQuery.DEFAULT_LIMIT;

    QueryBuilder from(Instant value) {
        from = Optional.of(value);
        return this;
    }

    QueryBuilder to(Instant value) {
        to = Optional.of(value);
        return this;
    }

    QueryBuilder direction(AuditDirection value) {
        direction = Optional.of(value);
        return this;
    }

    QueryBuilder decision(AuditDecision value) {
        decision = Optional.of(value);
        return this;
    }

    QueryBuilder sender(String value) {
        sender = Optional.of(value);
        return this;
    }

    QueryBuilder recipient(String value) {
        recipient = Optional.of(value);
        return this;
    }

    QueryBuilder peerIp(String value) {
        peerIp = Optional.of(value);
        return this;
    }

    QueryBuilder messageId(String value) {
        messageId = Optional.of(value);
        return this;
    }

    QueryBuilder user(String value) {
        user = Optional.of(value);
        return this;
    }

    QueryBuilder offset(int value) {
        offset = value;
        return this;
    }

    QueryBuilder limit(int value) {
        limit = value;
        return this;
    }

    AuditQuery build() {
        return new AuditQuery(from, to, direction, decision, sender, recipient, peerIp, messageId, user, offset, limit);
    }
}
