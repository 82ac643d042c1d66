package fr.mssante.operator.james.registry;

/**
 * What the directory says about a mailbox: its type and the metadata James has no place for.
 * This is exactly what a PUT replaces; two equal profiles mean "nothing to change".
 */
public record MailboxProfile(BalType type,
                             String displayName,
                             String description,
                             String service,
                             String responsible,
                             String phone,
                             boolean dematerialisation,
                             boolean listeRouge,
                             String professionalId,
                             String structureId,
                             String directoryChangeMarker) {

    static final int MAX_TEXT = 1024;
    static final int MAX_CODE = 64;

    public MailboxProfile {
        if (type == null) {
            throw new IllegalArgumentException("mailbox type is required, expected one of " + BalType.names());
        }
        checkLength("displayName", displayName, MAX_TEXT);
        checkLength("description", description, MAX_TEXT);
        checkLength("service", service, MAX_TEXT);
        checkLength("responsible", responsible, MAX_TEXT);
        checkLength("phone", phone, MAX_CODE);
        checkLength("professionalId", professionalId, MAX_CODE);
        checkLength("structureId", structureId, MAX_CODE);
        checkLength("directoryChangeMarker", directoryChangeMarker, MAX_CODE);
    }

    static void checkLength(String field, String value, int max) {
        if (value != null && value.length() > max) {
            throw new IllegalArgumentException(field + " is " + value.length() + " characters long, at most " + max + " allowed");
        }
    }

    /** A profile with only a type, for tests and minimal registrations. */
    public static MailboxProfile of(BalType type) {
        return new MailboxProfile(type, null, null, null, null, null, false, false, null, null, null);
    }
}
