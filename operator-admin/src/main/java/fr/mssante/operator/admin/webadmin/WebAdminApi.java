package fr.mssante.operator.admin.webadmin;

import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.UnknownHostException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.channels.UnresolvedAddressException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

import javax.net.ssl.SSLException;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;

/**
 * The console's only way to the server: James WebAdmin over HTTP(S) with a JWT bearer. Every failure becomes a
 * {@link WebAdminException} naming its cause (connection refused, 401, TLS, ...); each call is counted in
 * {@code mssante_admin_webadmin_requests_total{outcome}}.
 */
public class WebAdminApi {
    private static final Logger LOGGER = LoggerFactory.getLogger(WebAdminApi.class);
    private static final int MAX_BODY_IN_MESSAGE = 200;

    private final URI base;
    private final WebAdminToken token;
    private final Duration requestTimeout;
    private final HttpClient http;
    private final ObjectMapper json;
    private final MeterRegistry meters;

    public WebAdminApi(URI base, WebAdminToken token, Duration connectTimeout, Duration requestTimeout,
                       ObjectMapper json, MeterRegistry meters) {
        this.base = base;
        this.token = token;
        this.requestTimeout = requestTimeout;
        this.http = HttpClient.newBuilder().connectTimeout(connectTimeout).build();
        this.json = json;
        this.meters = meters;
    }

    public URI base() {
        return base;
    }

    public String credentials() {
        return token.description();
    }

    /**
     * {@code GET /healthcheck}: James answers 200 when healthy, 503 with the same report otherwise. James serves this
     * route without checking the token (for probes): it proves the server answers, not that the token is accepted.
     */
    public HealthReport health() throws WebAdminException {
        JsonNode report = get("/healthcheck", Set.of(200, 503));
        List<HealthReport.Check> checks = new ArrayList<>();
        for (JsonNode check : report.path("checks")) {
            checks.add(new HealthReport.Check(check.path("componentName").asText(),
                check.path("status").asText(), check.path("cause").isTextual() ? check.path("cause").asText() : null));
        }
        String status = report.path("status").asText("");
        if (status.isEmpty()) {
            throw failure(new WebAdminProblem(WebAdminProblem.Kind.BAD_ANSWER,
                "GET /healthcheck answered without a \"status\": " + abbreviate(report.toString())));
        }
        return new HealthReport(status, List.copyOf(checks));
    }

    /** {@code GET /domains}: the server's domains. */
    public List<String> domains() throws WebAdminException {
        List<String> domains = new ArrayList<>();
        for (JsonNode domain : get("/domains", Set.of(200))) {
            domains.add(domain.asText());
        }
        return domains;
    }

    /** {@code GET /users}: every mailbox account (its address). */
    public List<String> users() throws WebAdminException {
        List<String> users = new ArrayList<>();
        for (JsonNode user : get("/users", Set.of(200))) {
            users.add(user.path("username").asText());
        }
        return users;
    }

    private JsonNode get(String path, Set<Integer> accepted) throws WebAdminException {
        String bearer;
        try {
            bearer = token.bearer();
        } catch (WebAdminException e) {
            throw failure(e.problem());
        }
        HttpRequest request = HttpRequest.newBuilder(base.resolve(path))
            .timeout(requestTimeout)
            .header("Authorization", "Bearer " + bearer)
            .header("Accept", "application/json")
            .GET()
            .build();
        HttpResponse<String> response;
        try {
            response = http.send(request, HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw failure(classify(base, e));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw failure(new WebAdminProblem(WebAdminProblem.Kind.NETWORK, "interrupted while calling " + base + path));
        }
        int status = response.statusCode();
        if (status == 401) {
            throw failure(new WebAdminProblem(WebAdminProblem.Kind.UNAUTHORIZED, "HTTP 401 on GET " + path
                + ": WebAdmin refused the token (" + token.description() + "). It must be signed by the key matching"
                + " the server's conf/webadmin-jwt-public.pem, unexpired, with \"admin\": true"));
        }
        if (!accepted.contains(status)) {
            throw failure(new WebAdminProblem(WebAdminProblem.Kind.HTTP_STATUS,
                "HTTP " + status + " on GET " + path + ": " + abbreviate(response.body())));
        }
        try {
            JsonNode body = json.readTree(response.body());
            meters.counter("mssante.admin.webadmin.requests", "outcome", "ok").increment();
            return body;
        } catch (JsonProcessingException e) {
            throw failure(new WebAdminProblem(WebAdminProblem.Kind.BAD_ANSWER,
                "GET " + path + " answered HTTP " + status + " with no JSON: " + abbreviate(response.body())));
        }
    }

    private WebAdminException failure(WebAdminProblem problem) {
        Counter.builder("mssante.admin.webadmin.requests").tag("outcome", problem.code()).register(meters).increment();
        LOGGER.warn("WebAdmin {} unavailable ({}): {}", base, problem.code(), problem.message());
        return new WebAdminException(problem);
    }

    /** Names the cause of a failed exchange from the exception chain the JDK HTTP client throws. */
    static WebAdminProblem classify(URI base, IOException failure) {
        String endpoint = base.getHost() + ":" + port(base);
        for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
            if (cause instanceof UnresolvedAddressException || cause instanceof UnknownHostException) {
                return new WebAdminProblem(WebAdminProblem.Kind.UNKNOWN_HOST,
                    "unknown host '" + base.getHost() + "' (" + base + ")");
            }
            if (cause instanceof SSLException) {
                return new WebAdminProblem(WebAdminProblem.Kind.TLS,
                    "TLS failure with " + endpoint + ": " + cause.getMessage());
            }
        }
        if (failure instanceof HttpTimeoutException) {
            return new WebAdminProblem(WebAdminProblem.Kind.TIMEOUT,
                "no answer from " + endpoint + " in time (" + failure.getMessage() + ")");
        }
        if (failure instanceof ConnectException) {
            return new WebAdminProblem(WebAdminProblem.Kind.CONNECTION_REFUSED,
                "connection refused by " + endpoint + ": nothing listens there (is the MSSanté server running?)");
        }
        return new WebAdminProblem(WebAdminProblem.Kind.NETWORK,
            "network error with " + endpoint + ": " + failure);
    }

    private static int port(URI uri) {
        if (uri.getPort() >= 0) {
            return uri.getPort();
        }
        return "https".equalsIgnoreCase(uri.getScheme()) ? 443 : 80;
    }

    private static String abbreviate(String body) {
        String flat = body == null ? "" : body.replaceAll("\\s+", " ").trim();
        return flat.length() <= MAX_BODY_IN_MESSAGE ? flat : flat.substring(0, MAX_BODY_IN_MESSAGE) + "...";
    }
}
