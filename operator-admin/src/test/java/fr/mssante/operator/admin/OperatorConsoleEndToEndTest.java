package fr.mssante.operator.admin;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPairGenerator;
import java.time.Duration;
import java.util.Base64;
import java.util.Date;
import java.util.List;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.security.crypto.bcrypt.BCryptPasswordEncoder;

import com.fasterxml.jackson.databind.ObjectMapper;

import fr.mssante.operator.admin.webadmin.TokenFile;
import fr.mssante.operator.admin.webadmin.WebAdminApi;
import fr.mssante.operator.admin.webadmin.WebAdminException;
import fr.mssante.operator.admin.webadmin.WebAdminProblem;
import fr.mssante.operator.server.home.WebAdminClient;
import io.jsonwebtoken.Jwts;
import io.jsonwebtoken.SignatureAlgorithm;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;

/**
 * The console as an operator uses it: the real durable server in a child JVM, the console on a free port with the
 * shipped conf/operator-admin/application.properties, and a real headless Chromium. The methods run in order on one
 * browser (login first, server stopped last).
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class OperatorConsoleEndToEndTest {
    private static final String OPERATOR = "exploitant";
    private static final String PASSWORD = "correct horse battery staple";
    private static final Duration PAGE_WAIT = Duration.ofSeconds(15);

    @TempDir
    static Path root;
    private ServerUnderTest server;
    private ConfigurableApplicationContext console;
    private ChromeDriver browser;
    private String consoleUrl;

    @BeforeAll
    void start() throws Exception {
        server = ServerUnderTest.install(root);
        server.start();
        console = startConsole("--mssante.admin.webadmin.private-key-file=" + server.webAdminPrivateKey());
        consoleUrl = "http://127.0.0.1:" + console.getEnvironment().getProperty("local.server.port");
        browser = HeadlessChromium.start(root.resolve("chromium-profile"));
    }

    @AfterAll
    void stop() throws Exception {
        if (browser != null) {
            browser.quit();
        }
        if (console != null) {
            console.close();
        }
        if (server != null) {
            server.close();
        }
    }

    @Test
    @Order(1)
    void aWrongPasswordIsRefusedAndNoPageIsOpen() {
        browser.get(consoleUrl + "/mailboxes");
        assertThat(browser.getCurrentUrl()).endsWith("/login");

        logIn(OPERATOR, "wrong password");

        assertThat(browser.getCurrentUrl()).endsWith("/login?error");
        assertThat(text("login-error")).isEqualTo("Wrong user name or password.");
        browser.get(consoleUrl + "/status");
        assertThat(browser.getCurrentUrl()).endsWith("/login");
    }

    @Test
    @Order(2)
    void afterLoginTheStatusPageShowsTheServerHealthy() {
        logIn(OPERATOR, PASSWORD);

        assertThat(browser.getCurrentUrl()).isEqualTo(consoleUrl + "/status");
        assertThat(text("webadmin-url")).isEqualTo(server.webAdminUrl().toString());
        assertThat(text("webadmin-state")).isEqualTo("reachable");
        assertThat(text("token-state")).isEqualTo("accepted");
        assertThat(text("health-status")).isEqualTo("healthy");
        List<WebElement> checks = browser.findElements(By.cssSelector("#health-checks tbody tr"));
        assertThat(checks).isNotEmpty();
        assertThat(checks).allSatisfy(row ->
            assertThat(row.findElements(By.tagName("td")).get(1).getText()).isEqualTo("healthy"));
        assertThat(browser.findElements(By.id("problem"))).isEmpty();
    }

    @Test
    @Order(3)
    void theMailboxesPageListsTheMailboxesCreatedThroughWebAdmin() throws Exception {
        WebAdminClient webAdmin = server.webAdmin();
        webAdmin.ensureDomain(ServerUnderTest.DOMAIN);
        webAdmin.ensureUser("medecin@" + ServerUnderTest.DOMAIN, "pw-medecin-1");
        webAdmin.ensureUser("cardiologie@" + ServerUnderTest.DOMAIN, "pw-cardiologie-1");

        browser.findElement(By.id("nav-mailboxes")).click();

        new WebDriverWait(browser, PAGE_WAIT).until(ExpectedConditions.urlToBe(consoleUrl + "/mailboxes"));
        assertThat(awaitText("mailbox-count")).isEqualTo("2");
        assertThat(browser.findElements(By.cssSelector("#mailboxes li"))).extracting(WebElement::getText)
            .containsExactly("cardiologie@" + ServerUnderTest.DOMAIN, "medecin@" + ServerUnderTest.DOMAIN);
        List<WebElement> domainRows = browser.findElements(By.cssSelector("#domains tbody tr"));
        assertThat(domainRows).extracting(row -> row.findElements(By.tagName("td")).get(0).getText()
                + " " + row.findElements(By.tagName("td")).get(1).getText())
            .contains(ServerUnderTest.DOMAIN + " 2");
        // James lists its default domain (localhost) too: the count is the server's, not the test's.
        assertThat(Integer.parseInt(text("domain-count")))
            .isEqualTo(new ObjectMapper().readTree(webAdmin.get("/domains").body()).size());
    }

    @Test
    @Order(4)
    void healthIsOpenPrometheusNeedsTheOperatorAccount() throws Exception {
        HttpClient http = HttpClient.newHttpClient();
        HttpResponse<String> health = http.send(HttpRequest.newBuilder(URI.create(consoleUrl + "/actuator/health")).build(),
            HttpResponse.BodyHandlers.ofString());
        assertThat(health.statusCode()).isEqualTo(200);
        assertThat(health.body()).isEqualTo("{\"status\":\"UP\"}");

        URI prometheus = URI.create(consoleUrl + "/actuator/prometheus");
        assertThat(http.send(HttpRequest.newBuilder(prometheus).build(), HttpResponse.BodyHandlers.ofString()).statusCode())
            .isEqualTo(401);
        assertThat(http.send(HttpRequest.newBuilder(prometheus).header("Authorization", basic(OPERATOR, "wrong")).build(),
            HttpResponse.BodyHandlers.ofString()).statusCode()).isEqualTo(401);
        HttpResponse<String> metrics = http.send(HttpRequest.newBuilder(prometheus)
            .header("Authorization", basic(OPERATOR, PASSWORD)).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(metrics.statusCode()).isEqualTo(200);
        assertThat(metrics.body()).containsPattern("mssante_admin_webadmin_requests_total\\{[^}]*outcome=\"ok\"[^}]*} [1-9]");
    }

    @Test
    @Order(5)
    void aTokenTheServerDidNotSignIsNamedOnTheStatusPage() throws Exception {
        KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
        generator.initialize(2048);
        Path foreignToken = root.resolve("foreign.token");
        Files.writeString(foreignToken, Jwts.builder().setSubject("intruder").claim("admin", true)
            .setExpiration(new Date(System.currentTimeMillis() + 600_000))
            .signWith(generator.generateKeyPair().getPrivate(), SignatureAlgorithm.RS256).compact());
        // A second console, in token-file mode, holding a token signed by another key than the server's.
        try (ConfigurableApplicationContext foreign = startConsole("--mssante.admin.webadmin.token-file=" + foreignToken)) {
            String foreignUrl = "http://127.0.0.1:" + foreign.getEnvironment().getProperty("local.server.port");
            logIn(foreignUrl, OPERATOR, PASSWORD);

            assertThat(browser.getCurrentUrl()).isEqualTo(foreignUrl + "/status");
            assertThat(text("webadmin-state")).isEqualTo("reachable");
            assertThat(text("token-problem-code")).isEqualTo("unauthorized");
            assertThat(text("token-problem-message")).isEqualTo("HTTP 401 on GET /domains: WebAdmin refused the token"
                + " (token read from " + foreignToken + "). It must be signed by the key matching the server's"
                + " conf/webadmin-jwt-public.pem, unexpired, with \"admin\": true");
            assertThat(browser.findElements(By.id("token-state"))).isEmpty();
        }
    }

    @Test
    @Order(6)
    void tlsFailuresAreNamed() throws Exception {
        Path token = root.resolve("any.token");
        Files.writeString(token, "not-used-before-tls");
        // https:// to WebAdmin's plain HTTP port, then to IMAPS, whose TEST PKI certificate the JVM does not trust.
        WebAdminProblem plainPort = problemOf(URI.create("https://127.0.0.1:" + server.port(8000)), token);
        assertThat(plainPort.kind()).isEqualTo(WebAdminProblem.Kind.TLS);
        assertThat(plainPort.message()).startsWith("TLS failure with 127.0.0.1:" + server.port(8000) + ": ");
        WebAdminProblem untrusted = problemOf(URI.create("https://127.0.0.1:" + server.port(993)), token);
        assertThat(untrusted.kind()).isEqualTo(WebAdminProblem.Kind.TLS);
        assertThat(untrusted.message()).contains("PKIX path building failed");
    }

    @Test
    @Order(7)
    void whenTheServerIsStoppedTheStatusPageNamesTheError() throws Exception {
        server.stop();

        // The second console of the previous test took the session cookie (cookies ignore ports): log in again,
        // which also shows that the login does not depend on the server.
        logIn(OPERATOR, PASSWORD);
        // After a login Spring Security may return to a request saved earlier: ask for the status page itself.
        browser.get(consoleUrl + "/status");

        assertThat(awaitText("problem-code")).isEqualTo("connection-refused");
        assertThat(text("problem-message")).isEqualTo("connection refused by 127.0.0.1:" + server.port(8000)
            + ": nothing listens there (is the MSSanté server running?)");
        assertThat(browser.findElements(By.id("webadmin-state"))).isEmpty();
        assertThat(browser.getPageSource()).doesNotContain("Exception").doesNotContain("at fr.mssante");

        browser.findElement(By.id("nav-mailboxes")).click();
        new WebDriverWait(browser, PAGE_WAIT).until(ExpectedConditions.urlToBe(consoleUrl + "/mailboxes"));
        assertThat(awaitText("problem-code")).isEqualTo("connection-refused");
        assertThat(browser.findElements(By.id("mailboxes"))).isEmpty();
    }

    /** The console with the shipped production conf/operator-admin/application.properties, a free port, this server. */
    private ConfigurableApplicationContext startConsole(String credentials) {
        return new SpringApplicationBuilder(OperatorAdminApplication.class).run(
            "--spring.config.additional-location=file:../conf/operator-admin/application.properties",
            "--server.port=0",
            "--mssante.admin.webadmin.url=" + server.webAdminUrl(),
            // The shipped file names a private key; the token-file console clears it (one credential only).
            credentials.contains("token-file") ? "--mssante.admin.webadmin.private-key-file=" : "--mssante.admin.webadmin.token-file=",
            credentials,
            "--mssante.admin.operator.username=" + OPERATOR,
            "--mssante.admin.operator.password-hash=" + new BCryptPasswordEncoder(4).encode(PASSWORD));
    }

    private void logIn(String user, String password) {
        logIn(consoleUrl, user, password);
    }

    private void logIn(String url, String user, String password) {
        browser.get(url + "/login");
        browser.findElement(By.id("username")).sendKeys(user);
        browser.findElement(By.id("password")).sendKeys(password);
        browser.findElement(By.id("login")).click();
        // The form posts and redirects: wait until the browser has left the login form (for a page or /login?error).
        new WebDriverWait(browser, PAGE_WAIT).until(ExpectedConditions.not(ExpectedConditions.urlToBe(url + "/login")));
    }

    private String text(String id) {
        return browser.findElement(By.id(id)).getText();
    }

    /** The element's text once the page shows it; on timeout the message names the page the browser is on. */
    private String awaitText(String id) {
        return new WebDriverWait(browser, PAGE_WAIT)
            .withMessage(() -> "no #" + id + " on " + browser.getCurrentUrl())
            .until(page -> page.findElements(By.id(id)).isEmpty() ? null : page.findElement(By.id(id)).getText());
    }

    private static WebAdminProblem problemOf(URI base, Path tokenFile) {
        WebAdminApi api = new WebAdminApi(base, new TokenFile(tokenFile), Duration.ofSeconds(5), Duration.ofSeconds(10),
            new ObjectMapper(), new SimpleMeterRegistry());
        try {
            api.health();
        } catch (WebAdminException e) {
            return e.problem();
        }
        throw new AssertionError("GET /healthcheck on " + base + " succeeded");
    }

    private static String basic(String user, String password) {
        return "Basic " + Base64.getEncoder().encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8));
    }
}
