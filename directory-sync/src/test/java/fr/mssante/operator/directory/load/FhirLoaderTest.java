package fr.mssante.operator.directory.load;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.unboundid.ldap.sdk.LDAPConnection;
import com.unboundid.ldap.sdk.LDAPConnectionPool;
import fr.mssante.operator.directory.mirror.BalType;
import fr.mssante.operator.directory.mirror.DirectoryMailbox;
import fr.mssante.operator.directory.mirror.EmbeddedMirror;
import fr.mssante.operator.directory.mirror.MirrorLayout;
import fr.mssante.operator.directory.mirror.MirrorReader;
import fr.mssante.operator.directory.mirror.MirrorWriter.Outcome;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class FhirLoaderTest {
    private static final String KEY = "test-api-key";
    private final ObjectMapper json = new ObjectMapper();
    private EmbeddedMirror mirror;
    private LDAPConnectionPool pool;
    private FhirStandIn fhir;

    @BeforeEach
    void start() throws Exception {
        mirror = EmbeddedMirror.start(0, MirrorLayout.defaults(), List.of());
        pool = new LDAPConnectionPool(new LDAPConnection("127.0.0.1", mirror.port()), 2);
        fhir = new FhirStandIn(KEY, 2);
    }

    @AfterEach
    void stop() {
        fhir.close();
        pool.close();
        mirror.close();
    }

    /** The documented sample PractitionerRole, with another id, address and lastUpdated. */
    private ObjectNode role(String id, String address, String lastUpdated) throws IOException {
        ObjectNode bundle = (ObjectNode) json.readTree(
                ExtractionFixture.resource("fhir-practitionerrole-mailbox-sample.json"));
        ObjectNode resource = (ObjectNode) bundle.at("/entry/0/resource");
        resource.put("id", id);
        ((ObjectNode) resource.get("meta")).put("lastUpdated", lastUpdated);
        ((ObjectNode) resource.at("/telecom/0")).put("value", address);
        return resource;
    }

    private ObjectNode organization(String id, String lastUpdated, String... addresses) {
        ObjectNode org = json.createObjectNode().put("resourceType", "Organization").put("id", id).put("name", "CH TEST");
        org.putObject("meta").put("lastUpdated", lastUpdated);
        org.putArray("identifier").addObject().put("system", "urn:oid:1.2.250.1.71.4.2.2").put("value", "1750000009");
        ArrayNode telecom = org.putArray("telecom");
        telecom.addObject().put("system", "phone").put("value", "0100000000");
        for (String address : addresses) {
            ObjectNode mailbox = telecom.addObject().put("system", "email").put("value", address);
            ObjectNode metadata = mailbox.putArray("extension").addObject()
                    .put("url", FhirMailboxExtractor.METADATA_EXTENSION);
            ArrayNode fields = metadata.putArray("extension");
            fields.addObject().put("url", "type").putObject("valueCodeableConcept").putArray("coding").addObject()
                    .put("code", address.startsWith("app") ? "APP" : "ORG");
            fields.addObject().put("url", "service").put("valueString", "Service " + address);
            fields.addObject().put("url", "listeRouge").put("valueBoolean", address.startsWith("rouge"));
        }
        telecom.addObject().put("system", "email").put("value", "pas.mssante@example.org"); // plain e-mail: ignored
        return org;
    }

    private Map<String, DirectoryMailbox> mirrored() throws Exception {
        List<DirectoryMailbox> all = new ArrayList<>();
        new MirrorReader(pool, mirror.layout(), 50).forEachMailbox(Set.of("ch-exemple.mssante.fr", "ch-fhir.mssante.fr"),
                null, all::add);
        return all.stream().collect(Collectors.toMap(DirectoryMailbox::address, m -> m));
    }

    private FhirLoader loader(String key) {
        return loader(key, FhirLoader.DEFAULT_MAX_REFERENCE_FETCHES);
    }

    private FhirLoader loader(String key, int maxReferenceFetches) {
        return new FhirLoader(fhir.base(), key, pool, mirror.layout(), maxReferenceFetches, n -> { });
    }

    private ObjectNode practitioner(String id, String nationalId) {
        ObjectNode practitioner = json.createObjectNode().put("resourceType", "Practitioner").put("id", id);
        practitioner.putObject("meta").put("lastUpdated", "2026-10-01T00:00:00Z");
        practitioner.putArray("identifier").addObject().put("system", FhirMailboxExtractor.PROFESSIONAL_ID_SYSTEM)
                .put("value", nationalId);
        return practitioner;
    }

    private ObjectNode structure(String id, String nationalId) {
        ObjectNode org = json.createObjectNode().put("resourceType", "Organization").put("id", id).put("name", id);
        org.putObject("meta").put("lastUpdated", "2026-10-01T00:00:00Z");
        org.putArray("identifier").addObject().put("system", FhirMailboxExtractor.STRUCTURE_ID_SYSTEM)
                .put("value", nationalId);
        return org;
    }

    /** The sample role, naming its practitioner and organization by these elements (reference or identifier). */
    private ObjectNode role(String id, String address, ObjectNode practitioner, ObjectNode organization)
            throws IOException {
        ObjectNode role = role(id, address, "2026-10-30T09:12:44.000+01:00");
        role.set("practitioner", practitioner);
        role.set("organization", organization);
        return role;
    }

    private ObjectNode reference(String reference) {
        return json.createObjectNode().put("reference", reference);
    }

    private ObjectNode identifier(String system, String value) {
        ObjectNode element = json.createObjectNode();
        element.putObject("identifier").put("system", system).put("value", value);
        return element;
    }

    @Test
    void fullLoadFollowsPagingAndReadsTheMailboxMetadataExtension() throws Exception {
        fhir.put(role("r1", "jeanne.dupont@ch-exemple.mssante.fr", "2026-10-30T09:12:44.000+01:00"));
        fhir.put(role("r2", "paul@ch-exemple.mssante.fr", "2026-10-31T09:00:00.000+01:00"));
        fhir.put(role("r3", "zoe@ch-exemple.mssante.fr", "2026-11-01T09:00:00.000+01:00"));
        fhir.put(organization("o1", "2026-11-02T10:00:00Z", "urgences@ch-fhir.mssante.fr",
                "app.dpi@ch-fhir.mssante.fr", "rouge@ch-fhir.mssante.fr"));

        FhirLoader.Result result = loader(KEY).load(null);

        assertThat(result.report().complete()).isTrue();
        assertThat(result.report().mailboxes(Outcome.ADDED)).isEqualTo(6);
        assertThat(result.newestLastUpdated()).isEqualTo("2026-11-02T10:00:00Z");
        assertThat(fhir.requests).anyMatch(r -> r.startsWith("/fhir/v2/PractitionerRole?") && r.contains("page=2"));
        Map<String, DirectoryMailbox> loaded = mirrored();
        DirectoryMailbox jeanne = loaded.get("jeanne.dupont@ch-exemple.mssante.fr");
        assertThat(jeanne.type()).isEqualTo(BalType.PER);
        assertThat(jeanne.description()).isEqualTo("BAL personnelle");
        assertThat(jeanne.service()).isEqualTo("Cardiologie");
        assertThat(jeanne.phone()).isEqualTo("0400000000");
        assertThat(jeanne.dematerialisation()).isTrue();
        assertThat(loaded.get("app.dpi@ch-fhir.mssante.fr").type()).isEqualTo(BalType.APP);
        assertThat(loaded.get("urgences@ch-fhir.mssante.fr").structureId()).isEqualTo("1750000009");
        assertThat(loaded.get("rouge@ch-fhir.mssante.fr").listeRouge()).isTrue();
        assertThat(loaded).doesNotContainKey("pas.mssante@example.org");
    }

    @Test
    void roleReferencesResolveThroughIncludedResourcesOnAnyPageAndTheRestAreFetchedOrReported() throws Exception {
        fhir.put(practitioner("p1", "810001111111"));
        fhir.put(practitioner("p2", "810002222222"));
        fhir.put(structure("o1", "1750000009"));
        fhir.put(structure("o2", "1750000026"));
        // Two roles a page. Page 1: r1 and r2, with p1 and o1 included after them; p2 comes only on page 2.
        fhir.put(role("r1", "un@ch-exemple.mssante.fr", reference("Practitioner/p1"), reference("Organization/o1")));
        fhir.put(role("r2", "deux@ch-exemple.mssante.fr", reference("Practitioner/p2"), reference("Organization/o1")));
        fhir.includeOnNextPage("Practitioner/p2");
        // Page 2: r3 names a practitioner the API does not have (dangling) and an organization it never includes;
        // r4 names both by logical identifier, as before.
        fhir.put(role("r3", "trois@ch-exemple.mssante.fr", reference("Practitioner/absent"), reference("Organization/o2")));
        fhir.neverInclude("Organization/o2");
        fhir.put(role("r4", "quatre@ch-exemple.mssante.fr",
                identifier(FhirMailboxExtractor.PROFESSIONAL_ID_SYSTEM, "810004444444"),
                identifier(FhirMailboxExtractor.STRUCTURE_ID_SYSTEM, "1750000034")));

        LoadReport report = loader(KEY).load(null).report();

        assertThat(report.complete()).isTrue();
        assertThat(report.records()).as("included resources are not records").isEqualTo(8);
        assertThat(fhir.requests).filteredOn(r -> r.startsWith("/fhir/v2/PractitionerRole?")).hasSize(2)
                .allMatch(r -> r.contains("_include=PractitionerRole%3Apractitioner")
                        || r.contains("_include=PractitionerRole:practitioner"))
                .allMatch(r -> r.contains("_include=PractitionerRole%3Aorganization")
                        || r.contains("_include=PractitionerRole:organization"));
        assertThat(fhir.requests).filteredOn(r -> r.matches("/fhir/v2/(Practitioner|Organization)/.*"))
                .as("only what was never included is fetched, once")
                .containsExactly("/fhir/v2/Practitioner/absent", "/fhir/v2/Organization/o2");
        assertThat(report.fetchedReferences()).isEqualTo(2);
        assertThat(report.unresolvedReferences()).isEqualTo(1);
        assertThat(report.problems()).extracting(LoadProblem::message).containsExactly(
                "PractitionerRole/r3: practitioner reference Practitioner/absent unresolved, not found on the FHIR API"
                        + " (HTTP 404): trois@ch-exemple.mssante.fr loaded without mssProfessionalId");
        Map<String, DirectoryMailbox> loaded = mirrored();
        assertThat(loaded.get("un@ch-exemple.mssante.fr")).extracting(DirectoryMailbox::professionalId,
                DirectoryMailbox::structureId).containsExactly("810001111111", "1750000009");
        assertThat(loaded.get("deux@ch-exemple.mssante.fr")).as("p2 included on a later page, o1 on an earlier one")
                .extracting(DirectoryMailbox::professionalId, DirectoryMailbox::structureId)
                .containsExactly("810002222222", "1750000009");
        assertThat(loaded.get("trois@ch-exemple.mssante.fr")).extracting(DirectoryMailbox::professionalId,
                DirectoryMailbox::structureId).containsExactly(null, "1750000026");
        assertThat(loaded.get("quatre@ch-exemple.mssante.fr")).extracting(DirectoryMailbox::professionalId,
                DirectoryMailbox::structureId).containsExactly("810004444444", "1750000034");
    }

    @Test
    void referencesBeyondTheFetchLimitAreReportedNotFetched() throws Exception {
        fhir.put(structure("o2", "1750000026"));
        fhir.put(role("r3", "trois@ch-exemple.mssante.fr", reference("Practitioner/absent"), reference("Organization/o2")));
        fhir.neverInclude("Organization/o2");

        LoadReport report = loader(KEY, 1).load(null).report();

        assertThat(report.complete()).isTrue();
        assertThat(report.fetchedReferences()).isEqualTo(1);
        assertThat(report.unresolvedReferences()).isEqualTo(2);
        assertThat(report.problems()).extracting(LoadProblem::message).containsExactly(
                "PractitionerRole/r3: practitioner reference Practitioner/absent unresolved, not found on the FHIR API"
                        + " (HTTP 404): trois@ch-exemple.mssante.fr loaded without mssProfessionalId",
                "PractitionerRole/r3: organization reference Organization/o2 unresolved, not fetched: over the limit"
                        + " of 1 reference fetches per load (--max-reference-fetches): trois@ch-exemple.mssante.fr"
                        + " loaded without mssStructureId");
        assertThat(mirrored().get("trois@ch-exemple.mssante.fr").published()).isTrue();
    }

    @Test
    void referenceKeysAcceptRelativeAbsoluteAndVersionedForms() {
        assertThat(FhirReferences.key(reference("Practitioner/123"))).isEqualTo("Practitioner/123");
        assertThat(FhirReferences.key(reference("https://gateway.api.esante.gouv.fr/fhir/v2/Organization/o-2/_history/3")))
                .isEqualTo("Organization/o-2");
        assertThat(FhirReferences.key(reference("#contained"))).isNull();
        assertThat(FhirReferences.key(reference("Patient/1"))).isNull();
        assertThat(FhirReferences.key(reference("Practitioner/bad id"))).isNull();
        assertThat(FhirReferences.key(json.createObjectNode())).isNull();
    }

    @Test
    void deltaAsksForChangesSinceAndWithdrawsAMailboxTheResourceDropped() throws Exception {
        fhir.put(organization("o1", "2026-11-02T10:00:00Z", "urgences@ch-fhir.mssante.fr", "accueil@ch-fhir.mssante.fr"));
        fhir.put(role("r1", "jeanne.dupont@ch-exemple.mssante.fr", "2026-10-30T09:12:44.000+01:00"));
        String since = loader(KEY).load(null).newestLastUpdated();

        fhir.put(organization("o1", "2026-11-03T10:00:00Z", "urgences@ch-fhir.mssante.fr"));
        fhir.requests.clear();
        FhirLoader.Result delta = loader(KEY).load(since);

        assertThat(fhir.requests).allMatch(r -> r.contains("_lastUpdated=ge2026-11-02T10%3A00%3A00Z"));
        assertThat(delta.report().records()).isEqualTo(1);
        assertThat(delta.report().withdrawnMailboxes()).isEqualTo(1);
        assertThat(delta.newestLastUpdated()).isEqualTo("2026-11-03T10:00:00Z");
        Map<String, DirectoryMailbox> loaded = mirrored();
        assertThat(loaded.get("accueil@ch-fhir.mssante.fr").published()).isFalse();
        assertThat(loaded.get("urgences@ch-fhir.mssante.fr").published()).isTrue();
        assertThat(loaded.get("jeanne.dupont@ch-exemple.mssante.fr").published()).isTrue();
    }

    @Test
    void aRefusedApiKeyFailsTheLoadWithAClearError() {
        assertThatThrownBy(() -> loader("wrong").load(null)).hasMessageContaining("refused the API key (HTTP 401)");
    }
}
