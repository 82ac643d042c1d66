package fr.mssante.operator.james.registry;

import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/** MSSanté mailbox (BAL) type: personal, organisational, application, or a practice ("cabinet"). */
public enum BalType {
    PER, ORG, APP, CAB;

    /** Parses a type name case-insensitively; the message lists the accepted values. */
    public static BalType parse(String value) {
        try {
            return valueOf(value.trim().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException | NullPointerException e) {
            throw new IllegalArgumentException("unknown mailbox type '" + value + "', expected one of " + names());
        }
    }

    static String names() {
        return Arrays.stream(values()).map(Enum::name).collect(Collectors.joining(", "));
    }
}
