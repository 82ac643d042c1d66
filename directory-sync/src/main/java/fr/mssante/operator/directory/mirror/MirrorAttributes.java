package fr.mssante.operator.directory.mirror;

import java.util.List;

/** Attribute and object class names of the mirror schema (conf/ldap/mssante-mirror-schema.ldif). */
public final class MirrorAttributes {
    public static final String MAILBOX_CLASS = "mssMailbox";
    public static final String PROFESSIONAL_CLASS = "mssProfessional";
    public static final String STRUCTURE_CLASS = "mssStructure";

    public static final String ADDRESS = "mssAddress";
    public static final String DOMAIN = "mssDomain";
    public static final String TYPE = "mssMailboxType";
    public static final String DISPLAY_NAME = "displayName";
    public static final String DESCRIPTION = "mssDescription";
    public static final String RESPONSIBLE = "mssResponsible";
    public static final String SERVICE = "mssService";
    public static final String PHONE = "mssPhone";
    public static final String DEMATERIALISATION = "mssDematerialisation";
    public static final String LISTE_ROUGE = "mssListeRouge";
    public static final String PROFESSIONAL_ID = "mssProfessionalId";
    public static final String STRUCTURE_ID = "mssStructureId";
    public static final String PUBLICATION_STATUS = "mssPublicationStatus";
    public static final String SOURCE = "mssSource";
    public static final String SOURCE_REF = "mssSourceRef";
    public static final String CONTENT_HASH = "mssContentHash";
    public static final String USER_CERTIFICATE = "userCertificate;binary";
    public static final String MODIFY_TIMESTAMP = "modifyTimestamp";
    public static final String CREATE_TIMESTAMP = "createTimestamp";

    public static final String PUBLISHED = "published";
    public static final String WITHDRAWN = "withdrawn";

    /** Source-managed attributes of a mailbox: a loader rewriting an entry clears those it does not set. */
    public static final List<String> MAILBOX_MANAGED = List.of(TYPE, DOMAIN, DISPLAY_NAME, DESCRIPTION, RESPONSIBLE,
            SERVICE, PHONE, DEMATERIALISATION, LISTE_ROUGE, PROFESSIONAL_ID, STRUCTURE_ID, PUBLICATION_STATUS,
            SOURCE, SOURCE_REF);

    public static final List<String> PROFESSIONAL_MANAGED = List.of("mssPpIdType", "mssPpId", "mssCivility", "cn",
            "sn", "givenName", "mssProfessionCategory", "mssProfessionCategoryLabel", "mssProfessionCode",
            "mssProfessionLabel", "mssSpecialtyCode", "mssSpecialtyLabel", SOURCE, SOURCE_REF);

    public static final List<String> STRUCTURE_MANAGED = List.of("mssStructureIdType", "mssStructureLocalId", "o",
            "mssTradeName", "mssAddressComplement", "mssAddressDistribution", "mssStreetNumber",
            "mssStreetNumberComplement", "mssStreetType", "mssStreetName", "mssLocality", "mssDeliveryLine",
            "postalCode", "mssDepartment", "mssCountry", SOURCE, SOURCE_REF);

    private MirrorAttributes() {
    }
}
