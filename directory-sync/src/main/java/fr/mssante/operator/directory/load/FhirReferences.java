package fr.mssante.operator.directory.load;

import com.fasterxml.jackson.databind.JsonNode;

import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * The national ids behind {@code Practitioner/<id>} and {@code Organization/<id>} references, learnt from the
 * resources a search included ({@code search.mode = include}) or fetched one by one: a role may name a resource
 * included on an earlier or a later page. Keeps only strings (reference, national id), never the resources, and
 * only the most recently included {@value #REMEMBERED_INCLUDES} (a national load includes about every
 * practitioner; one forgotten is fetched if a deferred role still needs it); what was fetched or found
 * unresolvable is kept for the whole load.
 */
final class FhirReferences {
    static final int REMEMBERED_INCLUDES = 100_000;
    /** FHIR's id syntax: anything else is not a reference we can fetch. */
    private static final Pattern ID = Pattern.compile("[A-Za-z0-9\\-.]{1,64}");

    /** What one reference resolved to: a national id, or why there is none. */
    record Resolution(String nationalId, String problem) {
    }

    private final Map<String, Resolution> included = new LinkedHashMap<>(1024, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, Resolution> eldest) {
            return size() > REMEMBERED_INCLUDES;
        }
    };
    private final Map<String, Resolution> fetched = new HashMap<>();

    /**
     * {@code Practitioner/123} for a reference written relative, absolute ({@code https://.../Practitioner/123}) or
     * versioned ({@code .../_history/2}); null when the element holds no reference to a Practitioner or Organization.
     */
    static String key(JsonNode element) {
        String reference = element.path("reference").asText("").trim();
        int history = reference.indexOf("/_history/");
        if (history >= 0) {
            reference = reference.substring(0, history);
        }
        String[] parts = reference.split("/");
        if (parts.length < 2 || parts[parts.length - 1].isEmpty()) {
            return null;
        }
        String type = parts[parts.length - 2];
        String id = parts[parts.length - 1];
        return (type.equals("Practitioner") || type.equals("Organization")) && ID.matcher(id).matches()
                ? type + "/" + id : null;
    }

    /** Learns an included Practitioner's or Organization's national id (other resource types are ignored). */
    void included(JsonNode resource) {
        learn(resource, included);
    }

    /** Learns a resource fetched by its reference. */
    void fetched(JsonNode resource) {
        learn(resource, fetched);
    }

    private static void learn(JsonNode resource, Map<String, Resolution> into) {
        String type = resource.path("resourceType").asText();
        String system = switch (type) {
            case "Practitioner" -> FhirMailboxExtractor.PROFESSIONAL_ID_SYSTEM;
            case "Organization" -> FhirMailboxExtractor.STRUCTURE_ID_SYSTEM;
            default -> null;
        };
        if (system == null || !resource.hasNonNull("id")) {
            return;
        }
        String nationalId = FhirMailboxExtractor.identifier(resource.path("identifier"), system);
        into.put(type + "/" + resource.get("id").asText(), nationalId != null ? new Resolution(nationalId, null)
                : new Resolution(null, "the resource has no identifier of system " + system));
    }

    void unresolvable(String key, String problem) {
        fetched.put(key, new Resolution(null, problem));
    }

    /** Null when not (or no longer) known. */
    Resolution resolution(String key) {
        Resolution resolution = included.get(key);
        return resolution != null ? resolution : fetched.get(key);
    }
}
