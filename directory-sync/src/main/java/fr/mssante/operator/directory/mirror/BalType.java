package fr.mssante.operator.directory.mirror;

import java.util.Locale;

/** Mailbox (BAL) types of the TRE_R257-TypeBAL nomenclature. */
public enum BalType {
    PER, ORG, APP, CAB;

    /** Parses a type code, ignoring case and surrounding blanks. */
    public static BalType parse(String code) {
        if (code == null || code.isBlank()) {
            throw new IllegalArgumentException("mailbox type is empty (expected PER, ORG, APP or CAB)");
        }
        try {
            return valueOf(code.trim().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("unknown mailbox type '" + code.trim() + "' (expected PER, ORG, APP or CAB)");
        }
    }
}
