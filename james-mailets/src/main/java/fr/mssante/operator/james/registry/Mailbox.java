package fr.mssante.operator.james.registry;

import java.time.Instant;
import java.util.Locale;

/** A registered MSSanté mailbox: its address (lower-case), directory profile, status and timestamps. */
public record Mailbox(String address,
                      MailboxProfile profile,
                      MailboxStatus status,
                      String suspensionReason,
                      Instant createdAt,
                      Instant updatedAt) {

    static final int MAX_ADDRESS = 320;

    /** Addresses are case-insensitive: the registry stores and compares them in lower case. */
    public static String normalizeAddress(String address) {
        if (address == null || address.isBlank()) {
            throw new IllegalArgumentException("mailbox address is required");
        }
        String normalized = address.toLowerCase(Locale.ROOT);
        int at = normalized.lastIndexOf('@');
        if (at <= 0 || at == normalized.length() - 1 || !normalized.equals(normalized.strip())) {
            throw new IllegalArgumentException("'" + address + "' is not a mail address (local-part@domain)");
        }
        if (normalized.length() > MAX_ADDRESS) {
            throw new IllegalArgumentException("mailbox address is longer than " + MAX_ADDRESS + " characters");
        }
        return normalized;
    }

    static String domainOf(String normalizedAddress) {
        return normalizedAddress.substring(normalizedAddress.lastIndexOf('@') + 1);
    }

    public String domain() {
        return domainOf(address);
    }

    public boolean isSuspended() {
        return status == MailboxStatus.SUSPENDED;
    }
}
