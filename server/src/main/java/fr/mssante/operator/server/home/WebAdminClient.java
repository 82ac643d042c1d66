package fr.mssante.operator.server.home;

import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;

import com.fasterxml.jackson.databind.ObjectMapper;

/** A small James WebAdmin client (JWT bearer) used to provision a home: domains, mailbox accounts. */
public final class WebAdminClient {
    private static final ObjectMapper JSON = new ObjectMapper();

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final URI base;
    private final String token;

    public WebAdminClient(URI base, String token) {
        this.base = base;
        this.token = token;
    }

    public HttpResponse<String> get(String path) throws IOException, InterruptedException {
        return send(request(path).GET());
    }

    public HttpResponse<String> put(String path, String json) throws IOException, InterruptedException {
        return send(request(path).PUT(HttpRequest.BodyPublishers.ofString(json)));
    }

    public HttpResponse<String> post(String path, String json) throws IOException, InterruptedException {
        return send(request(path).POST(HttpRequest.BodyPublishers.ofString(json)));
    }

    public HttpResponse<String> delete(String path) throws IOException, InterruptedException {
        return send(request(path).DELETE());
    }

    /** Adds the domain if absent (James answers 204 either way). */
    public void ensureDomain(String domain) throws IOException, InterruptedException {
        expectSuccess(put("/domains/" + encode(domain), ""), "add domain " + domain);
    }

    /** Creates the account if absent; an existing account keeps its password. */
    public boolean ensureUser(String address, String password) throws IOException, InterruptedException {
        if (send(request("/users/" + encode(address)).method("HEAD", HttpRequest.BodyPublishers.noBody())).statusCode() == 200) {
            return false;
        }
        expectSuccess(put("/users/" + encode(address), JSON.writeValueAsString(Map.of("password", password))),
            "create mailbox account " + address);
        return true;
    }

    /** Sets (or resets) the password of an existing account. */
    public void setPassword(String address, String password) throws IOException, InterruptedException {
        expectSuccess(put("/users/" + encode(address) + "?force", JSON.writeValueAsString(Map.of("password", password))),
            "set the password of " + address);
    }

    /**
     * Registers an MSSanté mailbox (type and description in the registry) and creates its account with
     * {@code password} when absent; an existing account keeps its password, an existing entry is updated.
     */
    public void ensureMailbox(String address, String type, String description, String password)
            throws IOException, InterruptedException {
        String json = JSON.writeValueAsString(Map.of("type", type, "description", description, "password", password));
        expectSuccess(put("/mssante/mailboxes/" + encode(address), json), "register mailbox " + address);
    }

    private HttpRequest.Builder request(String path) {
        return HttpRequest.newBuilder(base.resolve(path))
            .timeout(Duration.ofSeconds(30))
            .header("Authorization", "Bearer " + token)
            .header("Content-Type", "application/json");
    }

    private HttpResponse<String> send(HttpRequest.Builder request) throws IOException, InterruptedException {
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    private static void expectSuccess(HttpResponse<String> response, String action) {
        if (response.statusCode() / 100 != 2) {
            throw new IllegalStateException("WebAdmin refused to " + action + ": HTTP " + response.statusCode()
                + " " + response.body());
        }
    }

    static String encode(String segment) {
        return URLEncoder.encode(segment, StandardCharsets.UTF_8).replace("+", "%20");
    }
}
