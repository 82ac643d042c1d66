package fr.mssante.operator.james.registry;

import java.util.Locale;

/** Whether a mailbox accepts new mail. A suspended mailbox keeps its mail and its James user. */
public enum MailboxStatus {
    ACTIVE, SUSPENDED;

    public static MailboxStatus parse(String value) {
        try {
            return valueOf(value.trim().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException | NullPointerException e) {
            throw new IllegalArgumentException("unknown mailbox status '" + value + "', expected ACTIVE or SUSPENDED");
        }
    }
}
