package fr.mssante.operator.james.webadmin;

import fr.mssante.operator.james.registry.BalType;
import fr.mssante.operator.james.registry.MailboxProfile;

/**
 * A PUT body: the Mailbox JSON plus an optional password for a James user created by this PUT.
 * status, suspensionReason, createdAt and updatedAt are accepted so that a GET answer can be sent back
 * as is, and ignored: status changes only through suspend/reactivate, the timestamps are the registry's.
 */
record MailboxPutRequest(String address,
                         String type,
                         Object status,
                         Object suspensionReason,
                         String displayName,
                         String description,
                         String service,
                         String responsible,
                         String phone,
                         Boolean dematerialisation,
                         Boolean listeRouge,
                         String professionalId,
                         String structureId,
                         String directoryChangeMarker,
                         Object createdAt,
                         Object updatedAt,
                         String password) {

    MailboxProfile profile() {
        if (type == null) {
            throw new IllegalArgumentException("field 'type' is required, expected one of PER, ORG, APP, CAB");
        }
        return new MailboxProfile(BalType.parse(type), displayName, description, service, responsible, phone,
            Boolean.TRUE.equals(dematerialisation), Boolean.TRUE.equals(listeRouge), professionalId, structureId,
            directoryChangeMarker);
    }
}
