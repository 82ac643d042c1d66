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
        return new FhirLoader(fhir.base(), key, pool, mirror.layout(), n -> { });
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
