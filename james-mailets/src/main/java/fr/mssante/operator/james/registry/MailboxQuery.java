package fr.mssante.operator.james.registry;

import java.util.Locale;
import java.util.Optional;

/** A page of the registry, optionally filtered by domain, type and status; always ordered by address. */
public record MailboxQuery(Optional<String> domain,
                           Optional<BalType> type,
                           Optional<MailboxStatus> status,
                           int offset,
                           int limit) {

    public static final int DEFAULT_LIMIT = 100;
    public static final int MAX_LIMIT = 1000;

    public MailboxQuery {
        domain = domain.map(d -> d.toLowerCase(Locale.ROOT));
        if (offset < 0) {
            throw new IllegalArgumentException("offset must be >= 0, got " + offset);
        }
        if (limit < 1 || limit > MAX_LIMIT) {
            throw new IllegalArgumentException("limit must be between 1 and " + MAX_LIMIT + ", got " + limit);
        }
    }

    public static MailboxQuery all() {
        return new MailboxQuery(Optional.empty(), Optional.empty(), Optional.empty(), 0, DEFAULT_LIMIT);
    }
}
