package fr.mssante.operator.james.webadmin;

import static io.restassured.RestAssured.given;
import static io.restassured.RestAssured.when;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.nullValue;

import java.nio.file.Path;
import java.time.Clock;

import org.apache.james.core.Domain;
import org.apache.james.core.Username;
import org.apache.james.dnsservice.api.InMemoryDNSService;
import org.apache.james.domainlist.lib.DomainListConfiguration;
import org.apache.james.domainlist.memory.MemoryDomainList;
import org.apache.james.user.memory.MemoryUsersRepository;
import org.apache.james.webadmin.WebAdminServer;
import org.apache.james.webadmin.WebAdminUtils;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import fr.mssante.operator.james.RegistryDatabase;
import fr.mssante.operator.james.RegistryDatabaseConfiguration;
import fr.mssante.operator.james.registry.JdbcMailboxRegistry;
import io.restassured.RestAssured;
import io.restassured.http.ContentType;

/** The route over a real HTTP socket: James's WebAdmin server, memory users and domains, H2 registry. */
class MailboxRoutesTest {

    private static final String DOMAIN = "demo.mssante.test";
    private static final String DOCTOR = "medecin@" + DOMAIN;
    private static final String DOCTOR_JSON = """
        { "address": "medecin@demo.mssante.test", "type": "PER", "status": "ACTIVE", "suspensionReason": null,
          "displayName": "Dr Jean Dupont", "description": null, "service": "Cardiologie", "responsible": null,
          "phone": "+33 1 00 00 00 00", "dematerialisation": true, "listeRouge": false,
          "professionalId": "810001234567", "structureId": "1750000001",
          "directoryChangeMarker": "20261121103000Z", "createdAt": null, "updatedAt": null }""";

    @TempDir
    Path workingDirectory;
    private MemoryUsersRepository users;
    private RegistryDatabase database;
    private WebAdminServer webAdmin;

    @BeforeEach
    void start() throws Exception {
        MemoryDomainList domains = new MemoryDomainList(new InMemoryDNSService());
        domains.configure(DomainListConfiguration.builder().autoDetect(false).autoDetectIp(false).build());
        domains.addDomain(Domain.of(DOMAIN));
        users = MemoryUsersRepository.withVirtualHosting(domains);
        database = new RegistryDatabase(RegistryDatabaseConfiguration.defaults(workingDirectory.resolve("var")));
        JdbcMailboxRegistry registry = new JdbcMailboxRegistry(database.dataSource(), Clock.systemUTC());

        webAdmin = WebAdminUtils.createWebAdminServer(new MailboxRoutes(users, domains, registry)).start();
        RestAssured.requestSpecification = WebAdminUtils.buildRequestSpecification(webAdmin)
            .setBasePath(MailboxRoutes.BASE_PATH)
            .build();
    }

    @AfterEach
    void stop() {
        webAdmin.destroy();
        database.close();
    }

    private static void put(String address, String json, int expectedStatus) {
        given().body(json).when().put("/" + address).then().statusCode(expectedStatus);
    }

    @Nested
    class Put {
        @Test
        void createsTheMailboxAndItsJamesUserWithTheGivenPassword() throws Exception {
            given().body(DOCTOR_JSON.replace("\"type\"", "\"password\": \"s3cret-Pa55\", \"type\""))
                .when().put("/" + DOCTOR)
                .then().statusCode(201);

            assertThat(users.test(Username.of(DOCTOR), "s3cret-Pa55")).isTrue();
            when().get("/" + DOCTOR)
                .then().statusCode(200).contentType(ContentType.JSON)
                .body("address", equalTo(DOCTOR))
                .body("type", equalTo("PER"))
                .body("status", equalTo("ACTIVE"))
                .body("suspensionReason", nullValue())
                .body("displayName", equalTo("Dr Jean Dupont"))
                .body("service", equalTo("Cardiologie"))
                .body("phone", equalTo("+33 1 00 00 00 00"))
                .body("dematerialisation", equalTo(true))
                .body("listeRouge", equalTo(false))
                .body("professionalId", equalTo("810001234567"))
                .body("structureId", equalTo("1750000001"))
                .body("directoryChangeMarker", equalTo("20261121103000Z"))
                .body("createdAt", containsString("T"))
                .body("updatedAt", equalTo(when().get("/" + DOCTOR).path("createdAt")));
        }

        @Test
        void withoutPasswordCreatesAJamesUserNobodyCanLogInAs() throws Exception {
            put(DOCTOR, DOCTOR_JSON, 201);

            assertThat(users.contains(Username.of(DOCTOR))).isTrue();
            assertThat(users.test(Username.of(DOCTOR), "")).isFalse();
        }

        @Test
        void keepsAnExistingJamesUserAndItsPassword() throws Exception {
            users.addUser(Username.of(DOCTOR), "already-there");

            put(DOCTOR, DOCTOR_JSON.replace("\"type\"", "\"password\": \"other\", \"type\""), 201);

            assertThat(users.test(Username.of(DOCTOR), "already-there")).isTrue();
        }

        @Test
        void identicalPutAnswers204AndChangesNothing() {
            put(DOCTOR, DOCTOR_JSON, 201);
            String updatedAt = when().get("/" + DOCTOR).path("updatedAt");

            put(DOCTOR, DOCTOR_JSON, 204);

            when().get("/" + DOCTOR).then().body("updatedAt", equalTo(updatedAt));
        }

        @Test
        void changedPutAnswers204AndKeepsTheStatus() {
            put(DOCTOR, DOCTOR_JSON, 201);
            given().body("{\"reason\": \"on leave\"}").when().post("/" + DOCTOR + "?action=suspend").then().statusCode(204);

            put(DOCTOR, DOCTOR_JSON.replace("Cardiologie", "Urgences").replace("\"ACTIVE\"", "\"ACTIVE\""), 204);

            when().get("/" + DOCTOR).then()
                .body("service", equalTo("Urgences"))
                .body("status", equalTo("SUSPENDED"))
                .body("suspensionReason", equalTo("on leave"));
        }

        @Test
        void statusInTheBodyIsIgnoredOnCreation() {
            put(DOCTOR, DOCTOR_JSON.replace("\"ACTIVE\"", "\"SUSPENDED\""), 201);

            when().get("/" + DOCTOR).then().body("status", equalTo("ACTIVE"));
        }

        @Test
        void addressIsCaseInsensitiveAndMayBePercentEncoded() {
            given().urlEncodingEnabled(false).body(DOCTOR_JSON).when().put("/Medecin%40Demo.MSSANTE.test")
                .then().statusCode(201);

            when().get("/MEDECIN@demo.mssante.test").then().statusCode(200).body("address", equalTo(DOCTOR));
            put(DOCTOR, DOCTOR_JSON, 204);
        }

        @Test
        void minimalBodyNeedsOnlyAType() {
            put("secretariat@" + DOMAIN, "{\"type\": \"org\"}", 201);

            when().get("/secretariat@" + DOMAIN).then()
                .body("type", equalTo("ORG"))
                .body("dematerialisation", equalTo(false))
                .body("displayName", nullValue());
        }
    }

    @Nested
    class PutRejects {
        private void rejected(String address, String body, String message) throws Exception {
            given().body(body).when().put("/" + address)
                .then().statusCode(400)
                .body("statusCode", equalTo(400))
                .body("type", equalTo("InvalidArgument"))
                .body("message", containsString(message));
            // Bad input loses nothing and leaves nothing behind.
            when().get("/" + DOCTOR).then().statusCode(404);
            assertThat(users.contains(Username.of(DOCTOR))).isFalse();
        }

        @Test
        void invalidJson() throws Exception {
            rejected(DOCTOR, "{\"type\": \"PER\",", "request body is not valid JSON");
        }

        @Test
        void emptyBody() throws Exception {
            rejected(DOCTOR, "", "request body is required");
        }

        @Test
        void bodyThatIsNotAnObject() throws Exception {
            rejected(DOCTOR, "[1, 2]", "request body must be a JSON object");
        }

        @Test
        void unknownType() throws Exception {
            rejected(DOCTOR, "{\"type\": \"XYZ\"}", "unknown mailbox type 'XYZ', expected one of PER, ORG, APP, CAB");
        }

        @Test
        void missingType() throws Exception {
            rejected(DOCTOR, "{\"displayName\": \"Dr Jean Dupont\"}", "field 'type' is required");
        }

        @Test
        void unknownField() throws Exception {
            rejected(DOCTOR, "{\"type\": \"PER\", \"tpye\": \"ORG\"}", "unknown field 'tpye'");
        }

        @Test
        void fieldOfTheWrongType() throws Exception {
            rejected(DOCTOR, "{\"type\": \"PER\", \"dematerialisation\": {\"a\": 1}}", "field 'dematerialisation' has the wrong JSON type");
        }

        @Test
        void fieldTooLong() throws Exception {
            rejected(DOCTOR, "{\"type\": \"PER\", \"phone\": \"" + "0".repeat(65) + "\"}", "phone is 65 characters long, at most 64 allowed");
        }

        @Test
        void foreignDomain() throws Exception {
            rejected("medecin@other.test", "{\"type\": \"PER\"}", "domain 'other.test' is not a James domain");
            assertThat(users.contains(Username.of("medecin@other.test"))).isFalse();
        }

        @Test
        void invalidAddress() throws Exception {
            rejected("not-an-address", "{\"type\": \"PER\"}", "'not-an-address' is not a valid mail address");
        }

        @Test
        void addressInBodyDifferentFromPath() throws Exception {
            rejected(DOCTOR, "{\"address\": \"autre@demo.mssante.test\", \"type\": \"PER\"}",
                "address in the body (autre@demo.mssante.test) differs from the address in the path");
        }

        @Test
        void blankPassword() throws Exception {
            rejected(DOCTOR, "{\"type\": \"PER\", \"password\": \"  \"}", "field 'password' must not be blank");
        }
    }

    @Nested
    class Get {
        @Test
        void unknownMailboxIs404() {
            when().get("/nobody@" + DOMAIN)
                .then().statusCode(404)
                .body("statusCode", equalTo(404))
                .body("type", equalTo("notFound"))
                .body("message", equalTo("mailbox nobody@demo.mssante.test is not registered"));
        }

        @Test
        void invalidAddressIs400() {
            when().get("/not-an-address").then().statusCode(400).body("type", equalTo("InvalidArgument"));
        }

        @Test
        void listIsSortedByAddressPagedAndFiltered() {
            for (String localPart : new String[] {"zoe", "alice", "marc", "bruno"}) {
                put(localPart + "@" + DOMAIN, "{\"type\": \"PER\"}", 201);
            }
            put("accueil@" + DOMAIN, "{\"type\": \"ORG\"}", 201);
            given().body("{\"reason\": \"x\"}").post("/marc@" + DOMAIN + "?action=suspend").then().statusCode(204);

            when().get("").then().statusCode(200)
                .body("address", contains("accueil@" + DOMAIN, "alice@" + DOMAIN, "bruno@" + DOMAIN, "marc@" + DOMAIN, "zoe@" + DOMAIN));
            given().queryParam("offset", 1).queryParam("limit", 2).when().get("")
                .then().statusCode(200).body("address", contains("alice@" + DOMAIN, "bruno@" + DOMAIN));
            given().queryParam("offset", 5).when().get("").then().statusCode(200).body("$", hasSize(0));
            given().queryParam("type", "ORG").when().get("").then().body("address", contains("accueil@" + DOMAIN));
            given().queryParam("status", "SUSPENDED").when().get("").then().body("address", contains("marc@" + DOMAIN));
            given().queryParam("domain", "other.test").when().get("").then().body("$", hasSize(0));
            given().queryParam("domain", "").queryParam("type", "").queryParam("status", "").when().get("")
                .then().statusCode(200).body("$", hasSize(5));
            given().queryParam("domain", DOMAIN).queryParam("type", "PER").queryParam("status", "ACTIVE").when().get("")
                .then().body("address", contains("alice@" + DOMAIN, "bruno@" + DOMAIN, "zoe@" + DOMAIN));
        }

        @Test
        void badListParametersAre400() {
            given().queryParam("limit", 0).when().get("").then().statusCode(400)
                .body("message", equalTo("limit must be between 1 and 1000, got 0"));
            given().queryParam("offset", "ten").when().get("").then().statusCode(400)
                .body("message", equalTo("offset must be an integer, got 'ten'"));
            given().queryParam("type", "BAL").when().get("").then().statusCode(400)
                .body("message", containsString("unknown mailbox type 'BAL'"));
            given().queryParam("status", "DELETED").when().get("").then().statusCode(400)
                .body("message", containsString("unknown mailbox status 'DELETED'"));
        }
    }

    @Nested
    class SuspendAndReactivate {
        @Test
        void suspendIsIdempotentAndKeepsTheJamesUser() throws Exception {
            put(DOCTOR, DOCTOR_JSON.replace("\"type\"", "\"password\": \"pw\", \"type\""), 201);

            given().body("{\"reason\": \"left the hospital\"}").when().post("/" + DOCTOR + "?action=suspend").then().statusCode(204);
            String updatedAt = when().get("/" + DOCTOR).path("updatedAt");
            given().body("{\"reason\": \"left the hospital\"}").when().post("/" + DOCTOR + "?action=suspend").then().statusCode(204);

            when().get("/" + DOCTOR).then()
                .body("status", equalTo("SUSPENDED"))
                .body("suspensionReason", equalTo("left the hospital"))
                .body("updatedAt", equalTo(updatedAt));
            assertThat(users.test(Username.of(DOCTOR), "pw")).isTrue();
        }

        @Test
        void suspendWithoutBodyHasNoReason() {
            put(DOCTOR, DOCTOR_JSON, 201);

            when().post("/" + DOCTOR + "?action=suspend").then().statusCode(204);

            when().get("/" + DOCTOR).then().body("status", equalTo("SUSPENDED")).body("suspensionReason", nullValue());
        }

        @Test
        void reactivateIsIdempotentAndClearsTheReason() {
            put(DOCTOR, DOCTOR_JSON, 201);
            given().body("{\"reason\": \"on leave\"}").post("/" + DOCTOR + "?action=suspend").then().statusCode(204);

            when().post("/" + DOCTOR + "?action=reactivate").then().statusCode(204);
            when().post("/" + DOCTOR + "?action=reactivate").then().statusCode(204);

            when().get("/" + DOCTOR).then().body("status", equalTo("ACTIVE")).body("suspensionReason", nullValue());
        }

        @Test
        void unknownMailboxIs404() {
            given().body("{\"reason\": \"x\"}").when().post("/nobody@" + DOMAIN + "?action=suspend")
                .then().statusCode(404).body("type", equalTo("notFound"));
            when().post("/nobody@" + DOMAIN + "?action=reactivate").then().statusCode(404);
        }

        @Test
        void badActionOrBodyIs400() {
            put(DOCTOR, DOCTOR_JSON, 201);

            when().post("/" + DOCTOR + "?action=delete").then().statusCode(400)
                .body("message", equalTo("query parameter 'action' must be 'suspend' or 'reactivate', got 'delete'"));
            when().post("/" + DOCTOR).then().statusCode(400);
            given().body("{\"reason\": ").when().post("/" + DOCTOR + "?action=suspend").then().statusCode(400)
                .body("message", containsString("request body is not valid JSON"));
            given().body("{\"why\": \"x\"}").when().post("/" + DOCTOR + "?action=suspend").then().statusCode(400)
                .body("message", equalTo("unknown field 'why'"));
            when().get("/" + DOCTOR).then().body("status", equalTo("ACTIVE"));
        }
    }

    @Test
    void storageFailureIs500ServerError() {
        database.close();

        when().get("/" + DOCTOR).then().statusCode(500)
            .body("type", equalTo("ServerError"))
            .body("message", equalTo("mailbox registry unavailable"));
    }
}
