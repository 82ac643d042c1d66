package fr.mssante.operator.directory.sync;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * Client of the server's mailbox registry over WebAdmin ({@code /mssante/mailboxes}), JWT bearer authenticated.
 * Every call is idempotent on the server side, so transport errors, 5xx and 429 are retried with exponential
 * backoff; after the last attempt a {@link RegistryUnavailableException} stops the run.
 */
public final class MailboxRegistryClient {
    private static final Logger LOG = LoggerFactory.getLogger(MailboxRegistryClient.class);
    private static final String PATH = "/mssante/mailboxes";

    private final HttpClient http;
    private final URI base;
    private final String bearerToken;
    private final RetryPolicy retry;
    private final ObjectMapper json = new ObjectMapper();

    /** How often and how patiently to retry. */
    public record RetryPolicy(int attempts, Duration firstDelay, Duration maxDelay) {
        public static RetryPolicy defaults() {
            return new RetryPolicy(5, Duration.ofMillis(500), Duration.ofSeconds(10));
        }
    }

    public MailboxRegistryClient(URI webAdminBase, String bearerToken, RetryPolicy retry) {
        this.http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
        String text = webAdminBase.toString();
        this.base = URI.create(text.endsWith("/") ? text.substring(0, text.length() - 1) : text);
        this.bearerToken = bearerToken;
        this.retry = retry;
    }

    /** The mailbox, or empty when the registry does not know it. */
    public Optional<RegistryMailbox> get(String address) throws RegistryUnavailableException, RegistryRejectedException {
        HttpResponse<String> response = send(request(PATH + "/" + encode(address)).GET(), 404);
        return response.statusCode() == 404 ? Optional.empty() : Optional.of(parse(response.body(), RegistryMailbox.class));
    }

    /** Streams every mailbox of a domain, page by page. Returns how many were read. */
    public long forEachInDomain(String domain, int pageSize, Consumer<RegistryMailbox> sink)
            throws RegistryUnavailableException, RegistryRejectedException {
        if (pageSize <= 0) {
            throw new IllegalArgumentException("WebAdmin page size must be positive, got " + pageSize);
        }
        long offset = 0;
        while (true) {
            HttpResponse<String> response = send(request(PATH + "?domain=" + encode(domain) + "&offset=" + offset
                    + "&limit=" + pageSize).GET());
            List<RegistryMailbox> page = parse(response.body(), new TypeReference<>() { });
            if (page.isEmpty()) {
                return offset;
            }
            page.forEach(sink);
            offset += page.size();
        }
    }

    /** Creates or updates (PUT); returns true when the mailbox was created. */
    public boolean put(RegistryMailbox mailbox) throws RegistryUnavailableException, RegistryRejectedException {
        String body = write(mailbox);
        return send(request(PATH + "/" + encode(mailbox.address())).header("Content-Type", "application/json")
                .PUT(HttpRequest.BodyPublishers.ofString(body))).statusCode() == 201;
    }

    public void suspend(String address, String reason) throws RegistryUnavailableException, RegistryRejectedException {
        ObjectNode body = json.createObjectNode().put("reason", reason);
        send(request(PATH + "/" + encode(address) + "?action=suspend").header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body.toString())));
    }

    public void reactivate(String address) throws RegistryUnavailableException, RegistryRejectedException {
        send(request(PATH + "/" + encode(address) + "?action=reactivate").POST(HttpRequest.BodyPublishers.noBody()));
    }

    private HttpRequest.Builder request(String pathAndQuery) {
        HttpRequest.Builder builder = HttpRequest.newBuilder(URI.create(base + pathAndQuery))
                .timeout(Duration.ofSeconds(30)).header("Accept", "application/json");
        if (bearerToken != null && !bearerToken.isBlank()) {
            builder.header("Authorization", "Bearer " + bearerToken.trim());
        }
        return builder;
    }

    private HttpResponse<String> send(HttpRequest.Builder builder, int... alsoAccepted)
            throws RegistryUnavailableException, RegistryRejectedException {
        HttpRequest request = builder.build();
        String what = request.method() + " " + request.uri().getRawPath()
                + (request.uri().getRawQuery() == null ? "" : "?" + request.uri().getRawQuery());
        Duration delay = retry.firstDelay();
        String lastProblem = null;
        Throwable lastCause = null;
        for (int attempt = 1; attempt <= retry.attempts(); attempt++) {
            try {
                HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
                int status = response.statusCode();
                if (status < 300 || contains(alsoAccepted, status)) {
                    return response;
                }
                if (status != 429 && status < 500) {
                    throw new RegistryRejectedException(status, what + " answered " + status + ": " + response.body());
                }
                lastProblem = "HTTP " + status;
                lastCause = null;
            } catch (IOException e) {
                lastProblem = e.getClass().getSimpleName() + (e.getMessage() == null ? "" : ": " + e.getMessage());
                lastCause = e;
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new RegistryUnavailableException("interrupted during " + what, e);
            }
            if (attempt < retry.attempts()) {
                LOG.warn("{} failed ({}), attempt {}/{}, retrying in {} ms", what, lastProblem, attempt,
                        retry.attempts(), delay.toMillis());
                sleep(delay);
                delay = delay.multipliedBy(2).compareTo(retry.maxDelay()) > 0 ? retry.maxDelay() : delay.multipliedBy(2);
            }
        }
        throw new RegistryUnavailableException("WebAdmin " + base + " unavailable: " + what + " failed "
                + retry.attempts() + " times, last: " + lastProblem, lastCause);
    }

    private static boolean contains(int[] values, int value) {
        for (int v : values) {
            if (v == value) {
                return true;
            }
        }
        return false;
    }

    private static void sleep(Duration delay) throws RegistryUnavailableException {
        try {
            Thread.sleep(delay.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new RegistryUnavailableException("interrupted while waiting to retry", e);
        }
    }

    private <T> T parse(String body, Class<T> type) throws RegistryRejectedException {
        try {
            return json.readValue(body, type);
        } catch (IOException e) {
            throw new RegistryRejectedException(200, "unreadable JSON from WebAdmin: " + e.getMessage());
        }
    }

    private <T> T parse(String body, TypeReference<T> type) throws RegistryRejectedException {
        try {
            return json.readValue(body, type);
        } catch (IOException e) {
            throw new RegistryRejectedException(200, "unreadable JSON from WebAdmin: " + e.getMessage());
        }
    }

    private String write(RegistryMailbox mailbox) {
        try {
            Map<String, Object> body = json.convertValue(mailbox, new TypeReference<>() { });
            body.remove("status");
            body.remove("suspensionReason");
            return json.writeValueAsString(body);
        } catch (IOException e) {
            throw new IllegalStateException("cannot serialise " + mailbox.address(), e);
        }
    }

    private static String encode(String value) {
        // '@' is legal in a path segment and WebAdmin routes expect it literally (as in /users/{user}).
        return URLEncoder.encode(value, StandardCharsets.UTF_8).replace("+", "%20").replace("%40", "@");
    }
}
