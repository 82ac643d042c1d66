package fr.mssante.operator.directory.sync;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Test double of the server side of notes/mailbox-registry-contract.md: a real HTTP server on a port holding the
 * registry in memory, with JWT-style bearer checking and failure injection (503s, dropped connections, outages).
 */
public final class FakeMailboxRegistryServer implements AutoCloseable {
    private static final String PATH = "/mssante/mailboxes";
    private static final Set<String> TYPES = Set.of("PER", "ORG", "APP", "CAB");

    private final ObjectMapper json = new ObjectMapper();
    private final HttpServer server;
    private final Set<String> jamesDomains;
    private final String token;
    private final TreeMap<String, ObjectNode> mailboxes = new TreeMap<>();
    private final AtomicInteger failNext = new AtomicInteger();
    private final AtomicInteger dropNext = new AtomicInteger();
    private final AtomicInteger writesBeforeOutage = new AtomicInteger(-1);
    private final AtomicInteger writes = new AtomicInteger();
    private final AtomicInteger requests = new AtomicInteger();
    private volatile boolean down;

    public FakeMailboxRegistryServer(Set<String> jamesDomains, String token) throws IOException {
        this.jamesDomains = jamesDomains;
        this.token = token;
        // Without TCP_NODELAY the JDK server's separate header and body writes meet delayed ACKs: ~40 ms per answer.
        System.setProperty("sun.net.httpserver.nodelay", "true");
        this.server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext(PATH, this::handle);
        server.start();
    }

    public URI uri() {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort());
    }

    /** The next {@code n} requests answer 503. */
    public void failNext(int n) {
        failNext.set(n);
    }

    /** The next {@code n} requests get their connection closed without any answer. */
    public void dropNext(int n) {
        dropNext.set(n);
    }

    /** After {@code n} more successful writes, every request answers 503 until {@link #heal()}. */
    public void outageAfterWrites(int n) {
        writesBeforeOutage.set(n);
    }

    public void heal() {
        down = false;
        writesBeforeOutage.set(-1);
    }

    public int writes() {
        return writes.get();
    }

    public int requests() {
        return requests.get();
    }

    public synchronized Map<String, JsonNode> snapshot() {
        return new HashMap<>(mailboxes);
    }

    public synchronized JsonNode mailbox(String address) {
        return mailboxes.get(address);
    }

    /** Seeds a mailbox directly, as if an operator had created or suspended it. */
    public synchronized void seed(String address, String type, String status, String reason) {
        ObjectNode node = json.createObjectNode().put("address", address).put("type", type).put("status", status);
        node.put("suspensionReason", reason);
        node.put("dematerialisation", false).put("listeRouge", false);
        mailboxes.put(address, node);
    }

    private void handle(HttpExchange exchange) throws IOException {
        requests.incrementAndGet();
        try (exchange) {
            if (dropNext.getAndUpdate(n -> n > 0 ? n - 1 : 0) > 0) {
                return; // closes the connection without an answer
            }
            if (down || failNext.getAndUpdate(n -> n > 0 ? n - 1 : 0) > 0) {
                error(exchange, 503, "ServerError", "injected outage");
                return;
            }
            if (token != null && !("Bearer " + token).equals(exchange.getRequestHeaders().getFirst("Authorization"))) {
                error(exchange, 401, "InvalidArgument", "missing or wrong bearer token");
                return;
            }
            route(exchange);
        }
    }

    private synchronized void route(HttpExchange exchange) throws IOException {
        String path = exchange.getRequestURI().getRawPath();
        Map<String, String> query = query(exchange.getRequestURI().getRawQuery());
        String method = exchange.getRequestMethod();
        if (path.equals(PATH) && method.equals("GET")) {
            list(exchange, query);
            return;
        }
        String address = URLDecoder.decode(path.substring(PATH.length() + 1), StandardCharsets.UTF_8)
                .toLowerCase(Locale.ROOT);
        ObjectNode current = mailboxes.get(address);
        switch (method) {
            case "GET" -> {
                if (current == null) {
                    error(exchange, 404, "NotFound", address + " does not exist");
                } else {
                    send(exchange, 200, current);
                }
            }
            case "PUT" -> put(exchange, address, current);
            case "POST" -> {
                if (current == null) {
                    error(exchange, 404, "NotFound", address + " does not exist");
                    return;
                }
                String action = query.get("action");
                if ("suspend".equals(action)) {
                    JsonNode body = json.readTree(exchange.getRequestBody());
                    current.put("status", "SUSPENDED");
                    current.put("suspensionReason", body.path("reason").asText(null));
                } else if ("reactivate".equals(action)) {
                    current.put("status", "ACTIVE");
                    current.putNull("suspensionReason");
                } else {
                    error(exchange, 400, "InvalidArgument", "unknown action " + action);
                    return;
                }
                wrote();
                send(exchange, 204, null);
            }
            default -> error(exchange, 405, "InvalidArgument", method + " not allowed");
        }
    }

    private void list(HttpExchange exchange, Map<String, String> query) throws IOException {
        int offset = Integer.parseInt(query.getOrDefault("offset", "0"));
        int limit = Math.min(Integer.parseInt(query.getOrDefault("limit", "100")), 200); // a server-side cap
        List<ObjectNode> selected = mailboxes.values().stream()
                .filter(m -> query.get("domain") == null || m.get("address").asText().endsWith("@" + query.get("domain")))
                .filter(m -> query.get("status") == null || m.get("status").asText().equals(query.get("status")))
                .skip(offset).limit(limit).toList();
        send(exchange, 200, json.valueToTree(selected));
    }

    private void put(HttpExchange exchange, String address, ObjectNode current) throws IOException {
        JsonNode body;
        try {
            body = json.readTree(exchange.getRequestBody());
        } catch (IOException e) {
            error(exchange, 400, "InvalidArgument", "invalid JSON");
            return;
        }
        if (!TYPES.contains(body.path("type").asText())) {
            error(exchange, 400, "InvalidArgument", "unknown type " + body.path("type"));
            return;
        }
        if (!jamesDomains.contains(address.substring(address.indexOf('@') + 1))) {
            error(exchange, 400, "InvalidArgument", "domain of " + address + " is not a James domain");
            return;
        }
        ObjectNode next = ((ObjectNode) body).deepCopy();
        next.remove("password");
        next.put("address", address);
        next.put("status", current == null ? "ACTIVE" : current.get("status").asText());
        next.set("suspensionReason", current == null ? null : current.get("suspensionReason"));
        mailboxes.put(address, next);
        wrote();
        send(exchange, current == null ? 201 : 204, null);
    }

    private void wrote() {
        writes.incrementAndGet();
        if (writesBeforeOutage.get() >= 0 && writesBeforeOutage.decrementAndGet() <= 0) {
            down = true;
        }
    }

    private void error(HttpExchange exchange, int status, String type, String message) throws IOException {
        ObjectNode body = json.createObjectNode().put("statusCode", status).put("type", type).put("message", message);
        send(exchange, status, body);
    }

    private void send(HttpExchange exchange, int status, JsonNode body) throws IOException {
        if (body == null) {
            exchange.sendResponseHeaders(status, -1);
            return;
        }
        byte[] bytes = json.writeValueAsBytes(body);
        exchange.getResponseHeaders().set("Content-Type", "application/json");
        exchange.sendResponseHeaders(status, bytes.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(bytes);
        }
    }

    private static Map<String, String> query(String raw) {
        Map<String, String> query = new HashMap<>();
        if (raw != null) {
            for (String pair : raw.split("&")) {
                int eq = pair.indexOf('=');
                if (eq > 0) {
                    query.put(pair.substring(0, eq), URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8));
                }
            }
        }
        return query;
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
