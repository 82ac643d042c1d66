package fr.mssante.operator.directory.load;

import com.fasterxml.jackson.databind.JsonNode;
import fr.mssante.operator.directory.mirror.BalType;
import fr.mssante.operator.directory.mirror.DirectoryMailbox;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Reads the MSSanté mailboxes of one Annuaire Santé FHIR resource (Practitioner, PractitionerRole, Organization):
 * {@code telecom} entries of system {@code email} typed MSSANTE or carrying the mailbox metadata extension.
 */
final class FhirMailboxExtractor {
    static final String METADATA_EXTENSION =
            "https://interop.esante.gouv.fr/ig/fhir/annuaire/StructureDefinition/as-ext-mailbox-mss-metadata";
    static final String EMAIL_TYPE_EXTENSION =
            "https://hl7.fr/ig/fhir/core/StructureDefinition/fr-core-contact-point-email-type";
    /** idNat_PS and idNat_Struct identifier systems of the Annuaire Santé. */
    static final String PROFESSIONAL_ID_SYSTEM = "urn:oid:1.2.250.1.71.4.2.1";
    static final String STRUCTURE_ID_SYSTEM = "urn:oid:1.2.250.1.71.4.2.2";

    List<DirectoryMailbox> mailboxes(JsonNode resource, List<String> warnings) {
        String resourceType = resource.path("resourceType").asText();
        List<DirectoryMailbox> found = new ArrayList<>();
        for (JsonNode telecom : resource.path("telecom")) {
            if (!"email".equals(telecom.path("system").asText()) || !isMssante(telecom)) {
                continue;
            }
            String address = telecom.path("value").asText("").trim().toLowerCase(Locale.ROOT);
            if (!ExtractionRowMapper.isAddress(address)) {
                warnings.add(ref(resource) + ": invalid MSSanté address '" + address + "' skipped");
                continue;
            }
            JsonNode metadata = extension(telecom, METADATA_EXTENSION);
            BalType type = defaultType(resourceType);
            String code = metadata == null ? null : text(extension(metadata, "type"), "valueCodeableConcept", "coding");
            if (code != null) {
                try {
                    type = BalType.parse(code);
                } catch (IllegalArgumentException e) {
                    warnings.add(ref(resource) + ": " + address + ": " + e.getMessage() + ", kept as " + type);
                }
            }
            found.add(new DirectoryMailbox(address, type, displayName(resource),
                    string(metadata, "description"), string(metadata, "responsible"), string(metadata, "service"),
                    string(metadata, "phone"), bool(metadata, "digitization"),
                    Boolean.TRUE.equals(bool(metadata, "listeRouge")), professionalId(resource),
                    structureId(resource), true, null));
        }
        return found;
    }

    static String ref(JsonNode resource) {
        return resource.path("resourceType").asText() + "/" + resource.path("id").asText();
    }

    static String professionalId(JsonNode resource) {
        return switch (resource.path("resourceType").asText()) {
            case "Practitioner" -> identifier(resource.path("identifier"), PROFESSIONAL_ID_SYSTEM);
            // A role names its practitioner by a logical identifier (read here) or by a reference (FhirLoader).
            case "PractitionerRole" -> blankToNull(resource.path("practitioner").path("identifier").path("value").asText(null));
            default -> null;
        };
    }

    static String structureId(JsonNode resource) {
        return switch (resource.path("resourceType").asText()) {
            case "Organization" -> identifier(resource.path("identifier"), STRUCTURE_ID_SYSTEM);
            case "PractitionerRole" -> blankToNull(resource.path("organization").path("identifier").path("value").asText(null));
            default -> null;
        };
    }

    private static String displayName(JsonNode resource) {
        if (resource.has("name") && resource.get("name").isTextual()) {
            return resource.get("name").asText();
        }
        JsonNode name = resource.path("name").path(0);
        if (name.isMissingNode()) {
            return null;
        }
        List<String> parts = new ArrayList<>();
        name.path("prefix").forEach(p -> parts.add(p.asText()));
        name.path("given").forEach(g -> parts.add(g.asText()));
        if (name.hasNonNull("family")) {
            parts.add(name.get("family").asText());
        }
        return parts.isEmpty() ? null : String.join(" ", parts);
    }

    private static boolean isMssante(JsonNode telecom) {
        if (extension(telecom, METADATA_EXTENSION) != null) {
            return true;
        }
        JsonNode emailType = extension(telecom, EMAIL_TYPE_EXTENSION);
        return emailType != null && "MSSANTE".equals(emailType.path("valueCoding").path("code").asText());
    }

    private static BalType defaultType(String resourceType) {
        return "Organization".equals(resourceType) ? BalType.ORG : BalType.PER;
    }

    private static JsonNode extension(JsonNode node, String url) {
        if (node == null) {
            return null;
        }
        for (JsonNode extension : node.path("extension")) {
            if (url.equals(extension.path("url").asText())) {
                return extension;
            }
        }
        return null;
    }

    static String identifier(JsonNode identifiers, String system) {
        for (JsonNode identifier : identifiers) {
            if (system.equals(identifier.path("system").asText())) {
                return blankToNull(identifier.path("value").asText(null));
            }
        }
        return null;
    }

    private static String text(JsonNode extension, String valueField, String codingField) {
        if (extension == null) {
            return null;
        }
        return blankToNull(extension.path(valueField).path(codingField).path(0).path("code").asText(null));
    }

    private static String string(JsonNode metadata, String name) {
        JsonNode extension = extension(metadata, name);
        return extension == null ? null : blankToNull(extension.path("valueString").asText(null));
    }

    private static Boolean bool(JsonNode metadata, String name) {
        JsonNode extension = extension(metadata, name);
        return extension == null || !extension.path("valueBoolean").isBoolean() ? null
                : extension.get("valueBoolean").asBoolean();
    }

    private static String blankToNull(String value) {
        return value == null || value.isBlank() ? null : value.trim();
    }
}
