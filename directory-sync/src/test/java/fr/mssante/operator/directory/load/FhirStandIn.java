package fr.mssante.operator.directory.load;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
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
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A local stand-in for the Annuaire Santé FHIR API: searchset bundles of a few entries per page with
 * {@code link[next]}, {@code _lastUpdated=ge} filtering, and the ESANTE-API-KEY header checked.
 */
final class FhirStandIn implements AutoCloseable {
    private final ObjectMapper json = new ObjectMapper();
    private final HttpServer server;
    private final String apiKey;
    private final int pageSize;
    private final Map<String, Map<String, ObjectNode>> resources = new LinkedHashMap<>();
    final List<String> requests = new CopyOnWriteArrayList<>();

    FhirStandIn(String apiKey, int pageSize) throws IOException {
        this.apiKey = apiKey;
        this.pageSize = pageSize;
        System.setProperty("sun.net.httpserver.nodelay", "true"); // see FakeMailboxRegistryServer
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/fhir/v2/", this::handle);
        server.start();
    }

    URI base() {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/fhir/v2");
    }

    synchronized void put(ObjectNode resource) {
        resources.computeIfAbsent(resource.get("resourceType").asText(), t -> new LinkedHashMap<>())
                .put(resource.get("id").asText(), resource);
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            requests.add(exchange.getRequestURI().toString());
            if (!apiKey.equals(exchange.getRequestHeaders().getFirst("ESANTE-API-KEY"))) {
                send(exchange, 401, json.createObjectNode().put("resourceType", "OperationOutcome"));
                return;
            }
            String type = exchange.getRequestURI().getPath().substring("/fhir/v2/".length());
            Map<String, String> query = query(exchange.getRequestURI().getRawQuery());
            int page = Integer.parseInt(query.getOrDefault("page", "1"));
            List<ObjectNode> matching = new ArrayList<>();
            synchronized (this) {
                for (ObjectNode resource : resources.getOrDefault(type, Map.of()).values()) {
                    String since = query.get("_lastUpdated");
                    if (since == null || !OffsetDateTime.parse(resource.at("/meta/lastUpdated").asText())
                            .isBefore(OffsetDateTime.parse(since.substring(2)))) {
                        matching.add(resource);
                    }
                }
            }
            ObjectNode bundle = json.createObjectNode().put("resourceType", "Bundle").put("type", "searchset")
                    .put("total", matching.size());
            ArrayNode links = bundle.putArray("link");
            links.addObject().put("relation", "self").put("url", exchange.getRequestURI().toString());
            if (page * pageSize < matching.size()) {
                Map<String, String> nextQuery = new LinkedHashMap<>(query);
                nextQuery.put("page", String.valueOf(page + 1));
                StringBuilder next = new StringBuilder(base() + "/" + type + "?");
                nextQuery.forEach((k, v) -> next.append(k).append('=')
                        .append(java.net.URLEncoder.encode(v, StandardCharsets.UTF_8)).append('&'));
                links.addObject().put("relation", "next").put("url", next.substring(0, next.length() - 1));
            }
            ArrayNode entries = bundle.putArray("entry");
            matching.stream().skip((long) (page - 1) * pageSize).limit(pageSize)
                    .forEach(r -> entries.addObject().set("resource", r));
            send(exchange, 200, bundle);
        }
    }

    private void send(HttpExchange exchange, int status, ObjectNode body) throws IOException {
        byte[] bytes = json.writeValueAsBytes(body);
        exchange.getResponseHeaders().set("Content-Type", "application/fhir+json");
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
                query.put(pair.substring(0, eq), URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8));
            }
        }
        return query;
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
