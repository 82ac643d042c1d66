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
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A local stand-in for the Annuaire Santé FHIR API: searchset bundles of a few entries per page with
 * {@code link[next]}, {@code _lastUpdated=ge} filtering, {@code GET Type/id} reads, and the ESANTE-API-KEY header
 * checked. {@code PractitionerRole?_include=PractitionerRole:practitioner|organization} adds the referenced
 * resources after the page's roles ({@code search.mode = include}), each once per search, on the first page that
 * references it ([assumed] like a server that does not repeat includes); {@link #includeOnNextPage} moves one to the
 * following page, {@link #neverInclude} leaves one out.
 */
final class FhirStandIn implements AutoCloseable {
    private final ObjectMapper json = new ObjectMapper();
    private final HttpServer server;
    private final String apiKey;
    private final int pageSize;
    private final Map<String, Map<String, ObjectNode>> resources = new LinkedHashMap<>();
    private final Set<String> includedOnNextPage = ConcurrentHashMap.newKeySet();
    private final Set<String> neverIncluded = ConcurrentHashMap.newKeySet();
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

    /** The resource behind this reference ({@code Practitioner/p2}) is included one page after its first role. */
    void includeOnNextPage(String reference) {
        includedOnNextPage.add(reference);
    }

    /** The resource behind this reference is never included (readable only by {@code GET}). */
    void neverInclude(String reference) {
        neverIncluded.add(reference);
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            requests.add(exchange.getRequestURI().toString());
            if (!apiKey.equals(exchange.getRequestHeaders().getFirst("ESANTE-API-KEY"))) {
                send(exchange, 401, json.createObjectNode().put("resourceType", "OperationOutcome"));
                return;
            }
            String[] path = exchange.getRequestURI().getPath().substring("/fhir/v2/".length()).split("/");
            if (path.length == 2) {
                ObjectNode resource;
                synchronized (this) {
                    resource = resources.getOrDefault(path[0], Map.of()).get(path[1]);
                }
                send(exchange, resource == null ? 404 : 200,
                        resource == null ? json.createObjectNode().put("resourceType", "OperationOutcome") : resource);
                return;
            }
            String type = path[0];
            List<String[]> query = query(exchange.getRequestURI().getRawQuery());
            int page = Integer.parseInt(first(query, "page", "1"));
            String since = first(query, "_lastUpdated", null);
            List<ObjectNode> matching = new ArrayList<>();
            synchronized (this) {
                for (ObjectNode resource : resources.getOrDefault(type, Map.of()).values()) {
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
                StringBuilder next = new StringBuilder(base() + "/" + type + "?");
                query.stream().filter(p -> !p[0].equals("page")).forEach(p -> next.append(p[0]).append('=')
                        .append(URLEncoder.encode(p[1], StandardCharsets.UTF_8)).append('&'));
                links.addObject().put("relation", "next").put("url", next + "page=" + (page + 1));
            }
            ArrayNode entries = bundle.putArray("entry");
            matching.stream().skip((long) (page - 1) * pageSize).limit(pageSize).forEach(r -> entries.addObject()
                    .<ObjectNode>set("resource", r).putObject("search").put("mode", "match"));
            List<String> includes = query.stream().filter(p -> p[0].equals("_include")).map(p -> p[1]).toList();
            for (ObjectNode included : included(matching, page, includes)) {
                entries.addObject().<ObjectNode>set("resource", included).putObject("search").put("mode", "include");
            }
            send(exchange, 200, bundle);
        }
    }

    /** The resources included on this page: referenced first here (or, when deferred, on the page before). */
    private synchronized List<ObjectNode> included(List<ObjectNode> matching, int page, List<String> includes) {
        Map<String, Integer> firstPage = new LinkedHashMap<>();
        for (int i = 0; i < matching.size(); i++) {
            for (String include : includes) {
                String element = include.substring(include.indexOf(':') + 1);
                String reference = matching.get(i).path(element).path("reference").asText(null);
                if (reference != null) {
                    firstPage.putIfAbsent(reference, i / pageSize + 1);
                }
            }
        }
        List<ObjectNode> included = new ArrayList<>();
        firstPage.forEach((reference, first) -> {
            int shownOn = includedOnNextPage.contains(reference) ? first + 1 : first;
            String[] typeAndId = reference.split("/");
            ObjectNode resource = resources.getOrDefault(typeAndId[0], Map.of()).get(typeAndId[1]);
            if (shownOn == page && resource != null && !neverIncluded.contains(reference)) {
                included.add(resource);
            }
        });
        return included;
    }

    private void send(HttpExchange exchange, int status, ObjectNode body) throws IOException {
        byte[] bytes = json.writeValueAsBytes(body);
        exchange.getResponseHeaders().set("Content-Type", "application/fhir+json");
        exchange.sendResponseHeaders(status, bytes.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(bytes);
        }
    }

    private static List<String[]> query(String raw) {
        List<String[]> query = new ArrayList<>();
        if (raw != null) {
            for (String pair : raw.split("&")) {
                int eq = pair.indexOf('=');
                query.add(new String[] {pair.substring(0, eq),
                        URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8)});
            }
        }
        return query;
    }

    private static String first(List<String[]> query, String name, String fallback) {
        return query.stream().filter(p -> p[0].equals(name)).map(p -> p[1]).findFirst().orElse(fallback);
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
