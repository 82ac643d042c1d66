package fr.mssante.operator.james.audit;

import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/** What was decided for a command or a recipient. */
public enum AuditDecision {
    /** SMTP 2xx: command or message accepted, or mail handed on to remote delivery. */
    ACCEPTED,
    /** SMTP 5xx: permanent refusal. */
    REFUSED,
    /** SMTP 4xx: temporary refusal, the client should retry. */
    DEFERRED,
    /** Stored in a local mailbox (LOCAL_DELIVERY), or accepted at the end of DATA by the remote operator (OUTBOUND). */
    DELIVERED,
    /** Given up after acceptance: returned to the sender (or dropped when the sender is null). */
    BOUNCED;

    public static AuditDecision parse(String value) {
        try {
            return valueOf(value.trim().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("unknown decision '" + value + "', expected one of "
                + Arrays.stream(values()).map(Enum::name).collect(Collectors.joining(", ")));
        }
    }

    /** The decision an SMTP reply code stands for: 2xx and 3xx accepted, 4xx deferred, anything else refused. */
    public static AuditDecision ofSmtpCode(String code) {
        if (code == null || code.isEmpty()) {
            return REFUSED;
        }
        return switch (code.charAt(0)) {
            case '2', '3' -> ACCEPTED;
            case '4' -> DEFERRED;
            default -> REFUSED;
        };
    }
}
