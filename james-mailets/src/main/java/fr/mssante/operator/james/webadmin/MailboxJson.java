package fr.mssante.operator.james.webadmin;

import java.time.Instant;

import fr.mssante.operator.james.registry.Mailbox;
import fr.mssante.operator.james.registry.MailboxProfile;

/** The Mailbox JSON of the contract, as answered by GET. */
record MailboxJson(String address,
                   String type,
                   String status,
                   String suspensionReason,
                   String displayName,
                   String description,
                   String service,
                   String responsible,
                   String phone,
                   boolean dematerialisation,
                   boolean listeRouge,
                   String professionalId,
                   String structureId,
                   String directoryChangeMarker,
                   Instant createdAt,
                   Instant updatedAt) {

    static MailboxJson of(Mailbox mailbox) {
        MailboxProfile profile = mailbox.profile();
        return new MailboxJson(mailbox.address(), profile.type().name(), mailbox.status().name(), mailbox.suspensionReason(),
            profile.displayName(), profile.description(), profile.service(), profile.responsible(), profile.phone(),
            profile.dematerialisation(), profile.listeRouge(), profile.professionalId(), profile.structureId(),
            profile.directoryChangeMarker(), mailbox.createdAt(), mailbox.updatedAt());
    }
}
