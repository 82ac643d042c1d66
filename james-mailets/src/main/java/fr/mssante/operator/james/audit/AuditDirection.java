package fr.mssante.operator.james.audit;

import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/** Which way the mail was going when the decision was taken. */
public enum AuditDirection {
    /** From another operator of the trust space (port 25). */
    INBOUND,
    /** From one of our authenticated mailboxes (ports 587 / 465). */
    SUBMISSION,
    /** Handed to remote delivery towards another operator, or bounced by it. */
    OUTBOUND,
    /** Stored in (or failed to reach) a local mailbox. */
    LOCAL_DELIVERY;

    public static AuditDirection parse(String value) {
        try {
            return valueOf(value.trim().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("unknown direction '" + value + "', expected one of " + names());
        }
    }

    private static String names() {
        return Arrays.stream(values()).map(Enum::name).collect(Collectors.joining(", "));
    }
}
