package fr.mssante.operator.trust.identity;

import java.util.Optional;

/**
 * National structure identifier as carried in the OU of IGC-Santé organisation and server certificates:
 * type prefix + identifier, {@code 1}+FINESS (10 characters) or {@code 3}+SIRET (15 characters).
 */
public record StructureId(Type type, String identifier) {
    public enum Type {
        FINESS('1', 9), SIRET('3', 14);

        final char prefix;
        final int length;

        Type(char prefix, int length) {
            this.prefix = prefix;
            this.length = length;
        }
    }

    /** The value as written in the certificate (prefix + identifier). */
    public String nationalId() {
        return type.prefix + identifier;
    }

    /** Recognises {@code 1}+9 digits/letters (FINESS, which may contain 2A/2B) or {@code 3}+14 digits (SIRET). */
    public static Optional<StructureId> parse(String ou) {
        if (ou == null || ou.length() < 2) {
            return Optional.empty();
        }
        for (Type t : Type.values()) {
            String id = ou.substring(1);
            if (ou.charAt(0) == t.prefix && id.length() == t.length && id.matches("[0-9AB]+")
                    && (t == Type.FINESS || id.chars().allMatch(Character::isDigit))) {
                return Optional.of(new StructureId(t, id));
            }
        }
        return Optional.empty();
    }
}
