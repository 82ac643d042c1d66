package fr.mssante.operator.directory.mirror;

/**
 * A mailbox as the mirror publishes it. {@code published} is false once the source withdrew it;
 * {@code changeMarker} is the entry's modifyTimestamp.
 */
public record DirectoryMailbox(String address, BalType type, String displayName, String description,
                               String responsible, String service, String phone, Boolean dematerialisation,
                               boolean listeRouge, String professionalId, String structureId, boolean published,
                               String changeMarker) {

    /** The same mailbox attached to this practice situation (professional and structure national ids). */
    public DirectoryMailbox withPracticeSituation(String professionalId, String structureId) {
        return new DirectoryMailbox(address, type, displayName, description, responsible, service, phone,
                dematerialisation, listeRouge, professionalId, structureId, published, changeMarker);
    }

    public String domain() {
        return address.substring(address.indexOf('@') + 1);
    }
}
