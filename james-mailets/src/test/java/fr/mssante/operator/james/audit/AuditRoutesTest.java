package fr.mssante.operator.james.audit;

import static fr.mssante.operator.james.audit.AuditEvents.T0;
import static fr.mssante.operator.james.audit.AuditEvents.inboundAccepted;
import static fr.mssante.operator.james.audit.AuditEvents.refused;
import static io.restassured.RestAssured.given;
import static io.restassured.RestAssured.when;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.nullValue;

import java.nio.file.Path;
import java.util.List;

import org.apache.james.webadmin.WebAdminServer;
import org.apache.james.webadmin.WebAdminUtils;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import fr.mssante.operator.james.RegistryDatabase;
import fr.mssante.operator.james.RegistryDatabaseConfiguration;
import io.restassured.RestAssured;
import io.restassured.http.ContentType;

/** The route over a real HTTP socket: James's WebAdmin server, the audit table on H2. */
class AuditRoutesTest {

    private static final String DOCTOR = "medecin@demo.mssante.test";
    private static final String NURSE = "infirmier@demo.mssante.test";

    @TempDir
    Path var;
    private RegistryDatabase database;
    private WebAdminServer webAdmin;

    @BeforeEach
    void start() {
        database = new RegistryDatabase(RegistryDatabaseConfiguration.defaults(var));
        JdbcAuditRepository repository = new JdbcAuditRepository(database.dataSource());
        repository.appendAll(List.of(
            inboundAccepted(T0, DOCTOR),
            refused(T0.plusSeconds(10), AuditDirection.SUBMISSION, NURSE, "x@gmail.test"),
            refused(T0.plusSeconds(20), AuditDirection.INBOUND, "spoof@demo.mssante.test", NURSE)));
        webAdmin = WebAdminUtils.createWebAdminServer(new AuditRoutes(repository)).start();
        RestAssured.requestSpecification = WebAdminUtils.buildRequestSpecification(webAdmin)
            .setBasePath(AuditRoutes.BASE_PATH)
            .build();
    }

    @AfterEach
    void stop() {
        webAdmin.destroy();
        database.close();
    }

    @Test
    void answersEveryFieldNewestFirst() {
        when().get("").then().statusCode(200).contentType(ContentType.JSON)
            .body("$", hasSize(3))
            .body("recipient", contains(NURSE, "x@gmail.test", DOCTOR))
            .body("[2].time", equalTo("2026-11-21T10:30:00.123456Z"))
            .body("[2].sessionId", equalTo("3f2a9c1b"))
            .body("[2].mailId", equalTo("Mail1700000000000-abc"))
            .body("[2].direction", equalTo("INBOUND"))
            .body("[2].listener", equalTo("smtp:25"))
            .body("[2].peerIp", equalTo("192.0.2.10"))
            .body("[2].peerCertificateDn", equalTo("CN=mail.autre-operateur.mssante.test,OU=1234567890,O=Autre Operateur,C=FR"))
            .body("[2].tlsProtocol", equalTo("TLSv1.3"))
            .body("[2].tlsCipherSuite", equalTo("TLS_AES_256_GCM_SHA384"))
            .body("[2].authenticatedUser", nullValue())
            .body("[2].mailFrom", equalTo("expediteur@autre-operateur.mssante.test"))
            .body("[2].messageId", equalTo("<20261121.1@autre-operateur.mssante.test>"))
            .body("[2].size", equalTo(4242))
            .body("[2].decision", equalTo("ACCEPTED"))
            .body("[2].reason", equalTo("Message received"))
            .body("[2].smtpCode", equalTo("250"))
            .body("[2].enhancedStatusCode", equalTo("2.6.0"))
            .body("[1].authenticatedUser", equalTo(NURSE));
    }

    @Test
    void filtersAndPaging() {
        given().queryParam("decision", "refused").when().get("").then().body("recipient", contains(NURSE, "x@gmail.test"));
        given().queryParam("direction", "SUBMISSION").when().get("").then().body("recipient", contains("x@gmail.test"));
        given().queryParam("sender", "SPOOF@demo.mssante.test").when().get("").then().body("recipient", contains(NURSE));
        given().queryParam("recipient", DOCTOR).when().get("").then().body("decision", contains("ACCEPTED"));
        given().queryParam("peerIp", "198.51.100.7").when().get("").then().body("$", hasSize(2));
        given().queryParam("messageId", "<20261121.1@autre-operateur.mssante.test>").when().get("").then().body("recipient", contains(DOCTOR));
        given().queryParam("user", NURSE).when().get("").then().body("recipient", contains("x@gmail.test"));
        given().queryParam("from", "2026-11-21T10:30:10.123456Z").queryParam("to", "2026-11-21T10:30:20Z").when().get("")
            .then().body("recipient", contains("x@gmail.test"));
        given().queryParam("offset", 1).queryParam("limit", 1).when().get("").then().body("recipient", contains("x@gmail.test"));
        given().queryParam("decision", "").queryParam("sender", "").when().get("").then().body("$", hasSize(3));
        given().queryParam("recipient", "nobody@demo.mssante.test").when().get("").then().statusCode(200).body("$", hasSize(0));
    }

    private static void badRequest(String name, Object value, String message) {
        given().queryParam(name, value).when().get("").then().statusCode(400)
            .body("statusCode", equalTo(400))
            .body("type", equalTo("InvalidArgument"))
            .body("message", equalTo(message));
    }

    @Test
    void badFiltersAre400WithThePreciseReason() {
        badRequest("from", "yesterday", "from: 'yesterday' is not an ISO-8601 UTC instant such as 2026-11-21T10:30:00Z");
        badRequest("to", "2026-11-21", "to: '2026-11-21' is not an ISO-8601 UTC instant such as 2026-11-21T10:30:00Z");
        badRequest("direction", "SIDEWAYS", "unknown direction 'SIDEWAYS', expected one of INBOUND, SUBMISSION, OUTBOUND, LOCAL_DELIVERY");
        badRequest("decision", "LOST", "unknown decision 'LOST', expected one of ACCEPTED, REFUSED, DEFERRED, DELIVERED, BOUNCED");
        badRequest("offset", "ten", "offset must be an integer, got 'ten'");
        badRequest("offset", -1, "offset must be >= 0, got -1");
        badRequest("limit", 1001, "limit must be between 1 and 1000, got 1001");
        badRequest("recipent", DOCTOR, "unknown query parameter 'recipent', expected one of from, to, direction, decision,"
            + " sender, recipient, peerIp, messageId, user, offset, limit");
        given().queryParam("from", "2026-11-21T11:00:00Z").queryParam("to", "2026-11-21T10:00:00Z").when().get("")
            .then().statusCode(400).body("message", equalTo("from (2026-11-21T11:00:00Z) must be before to (2026-11-21T10:00:00Z)"));
    }

    @Test
    void anUnreadableDatabaseIs500() {
        database.close();

        when().get("").then().statusCode(500)
            .body("type", equalTo("ServerError"))
            .body("message", equalTo("audit trail unavailable"));
    }
}
