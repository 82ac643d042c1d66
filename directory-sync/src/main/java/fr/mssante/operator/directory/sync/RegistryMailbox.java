package fr.mssante.operator.directory.sync;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * A mailbox as the server's registry holds it (WebAdmin {@code /mssante/mailboxes}, see
 * notes/mailbox-registry-contract.md). {@code status} and {@code suspensionReason} are read-only in PUT.
 */
@JsonIgnoreProperties(ignoreUnknown = true)
@JsonInclude(JsonInclude.Include.ALWAYS)
public record RegistryMailbox(String address, String type, String status, String suspensionReason,
                              String displayName, String description, String service, String responsible,
                              String phone, Boolean dematerialisation, Boolean listeRouge, String professionalId,
                              String structureId, String directoryChangeMarker) {
    public static final String ACTIVE = "ACTIVE";
    public static final String SUSPENDED = "SUSPENDED";

    public boolean active() {
        return ACTIVE.equals(status);
    }
}
