package fr.mssante.operator.directory.load;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.unboundid.ldap.sdk.Entry;
import com.unboundid.ldap.sdk.Filter;
import com.unboundid.ldap.sdk.LDAPConnectionPool;
import com.unboundid.ldap.sdk.LDAPException;
import com.unboundid.ldap.sdk.SearchResultEntry;
import com.unboundid.ldap.sdk.SearchScope;
import fr.mssante.operator.directory.mirror.DirectoryMailbox;
import fr.mssante.operator.directory.mirror.MailboxEntryMapper;
import fr.mssante.operator.directory.mirror.MirrorAttributes;
import fr.mssante.operator.directory.mirror.MirrorLayout;
import fr.mssante.operator.directory.mirror.MirrorWriter;
import fr.mssante.operator.directory.mirror.MirrorWriter.Kind;
import fr.mssante.operator.directory.mirror.MirrorWriter.Outcome;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.function.LongConsumer;

import static fr.mssante.operator.directory.load.LoadProblem.Severity.REJECTED;
import static fr.mssante.operator.directory.load.LoadProblem.Severity.WARNING;

/**
 * Loads MSSanté mailboxes from the Annuaire Santé FHIR API (Practitioner, PractitionerRole, Organization) into the
 * mirror, following {@code link[next]}, one bundle entry at a time (streaming JSON). With {@code since}, only
 * resources changed since then ({@code _lastUpdated=ge}); a mailbox a changed resource no longer carries is
 * withdrawn. The API key goes in the {@code ESANTE-API-KEY} header.
 */
public final class FhirLoader {
    static final List<String> RESOURCE_TYPES = List.of("Practitioner", "PractitionerRole", "Organization");
    static final String SOURCE = "fhir";
    private static final Logger LOG = LoggerFactory.getLogger(FhirLoader.class);

    /** The load report, and the newest meta.lastUpdated seen (the next delta's starting point). */
    public record Result(LoadReport report, String newestLastUpdated) {
    }

    private final URI base;
    private final String apiKey;
    private final LDAPConnectionPool pool;
    private final MirrorLayout layout;
    private final LongConsumer progress;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10))
            .followRedirects(HttpClient.Redirect.NORMAL).build();
    private final ObjectMapper json = new ObjectMapper();
    private final FhirMailboxExtractor extractor = new FhirMailboxExtractor();

    public FhirLoader(URI base, String apiKey, LDAPConnectionPool pool, MirrorLayout layout, LongConsumer progress) {
        String text = base.toString();
        this.base = URI.create(text.endsWith("/") ? text.substring(0, text.length() - 1) : text);
        this.apiKey = apiKey;
        this.pool = pool;
        this.layout = layout;
        this.progress = progress;
    }

    /** {@code since}: an ISO-8601 instant or date-time, or null for everything. */
    public Result load(String since) throws IOException, LDAPException, InterruptedException {
        LoadReport report = new LoadReport("FHIR " + base + (since == null ? "" : " since " + since));
        String[] newest = {since};
        try (MirrorWriter writer = new MirrorWriter(pool, layout, 2, 0)) {
            writer.ensureSkeleton();
            for (String type : RESOURCE_TYPES) {
                URI next = URI.create(base + "/" + type + "?_count=50"
                        + (since == null ? "" : "&_lastUpdated=" + URLEncoder.encode("ge" + since, StandardCharsets.UTF_8)));
                while (next != null) {
                    next = page(next, resource -> {
                        report.records++;
                        newest[0] = newer(newest[0], resource.path("meta").path("lastUpdated").asText(null));
                        resource(resource, writer, report);
                        if (report.records % 1_000 == 0) {
                            progress.accept(report.records);
                        }
                    });
                }
            }
            writer.flush();
            for (MirrorWriter.WriteFailure failure : writer.drainFailures()) {
                report.problem(new LoadProblem(0, REJECTED, failure.origin() + ": the mirror refused " + failure.dn()
                        + ": " + failure.message()));
            }
            report.complete = true;
        } finally {
            report.finishedAt = Instant.now().toString();
        }
        LOG.info("{}", report.summary());
        return new Result(report, newest[0]);
    }

    private interface ResourceHandler {
        void accept(JsonNode resource) throws LDAPException;
    }

    /** Streams one bundle page, handing each resource over as it is parsed; returns the next page or null. */
    private URI page(URI uri, ResourceHandler handler) throws IOException, LDAPException, InterruptedException {
        HttpResponse<InputStream> response = fetch(uri);
        URI next = null;
        try (InputStream body = response.body(); JsonParser parser = json.getFactory().createParser(body)) {
            if (parser.nextToken() != JsonToken.START_OBJECT) {
                throw new IOException(uri + " did not answer a JSON Bundle");
            }
            while (parser.nextToken() == JsonToken.FIELD_NAME) {
                String field = parser.getCurrentName();
                JsonToken value = parser.nextToken();
                if ("link".equals(field) && value == JsonToken.START_ARRAY) {
                    for (JsonNode link : (JsonNode) parser.readValueAsTree()) {
                        if ("next".equals(link.path("relation").asText()) && link.hasNonNull("url")) {
                            next = uri.resolve(link.get("url").asText());
                        }
                    }
                } else if ("entry".equals(field) && value == JsonToken.START_ARRAY) {
                    while (parser.nextToken() == JsonToken.START_OBJECT) {
                        JsonNode entry = parser.readValueAsTree();
                        if (entry.has("resource")) {
                            handler.accept(entry.get("resource"));
                        }
                    }
                } else {
                    parser.skipChildren();
                }
            }
        }
        return next;
    }

    private HttpResponse<InputStream> fetch(URI uri) throws IOException, InterruptedException {
        HttpRequest.Builder request = HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(60))
                .header("Accept", "application/fhir+json");
        if (apiKey != null) {
            request.header("ESANTE-API-KEY", apiKey);
        }
        IOException last = null;
        for (int attempt = 1; attempt <= 3; attempt++) {
            try {
                HttpResponse<InputStream> response = http.send(request.build(), HttpResponse.BodyHandlers.ofInputStream());
                int status = response.statusCode();
                if (status == 200) {
                    return response;
                }
                String body = new String(response.body().readNBytes(500), StandardCharsets.UTF_8);
                response.body().close();
                if (status == 401 || status == 403) {
                    throw new IOException("the FHIR API refused the API key (HTTP " + status + ") for " + uri);
                }
                if (status < 500 && status != 429) {
                    throw new IOException("the FHIR API answered HTTP " + status + " for " + uri + ": " + body);
                }
                last = new IOException("HTTP " + status + " for " + uri);
            } catch (java.net.ConnectException | java.net.http.HttpTimeoutException e) {
                last = e;
            }
            LOG.warn("FHIR request {} failed ({}), attempt {}/3", uri, last.getMessage(), attempt);
            Thread.sleep(500L * attempt);
        }
        throw new IOException("the FHIR API is unavailable: " + last.getMessage(), last);
    }

    private void resource(JsonNode resource, MirrorWriter writer, LoadReport report) throws LDAPException {
        String ref = FhirMailboxExtractor.ref(resource);
        List<String> warnings = new ArrayList<>();
        Set<String> carried = new HashSet<>();
        for (DirectoryMailbox mailbox : extractor.mailboxes(resource, warnings)) {
            Entry entry = MailboxEntryMapper.toEntry(layout, mailbox);
            entry.addAttribute(MirrorAttributes.SOURCE, SOURCE);
            entry.addAttribute(MirrorAttributes.SOURCE_REF, ref);
            Outcome outcome = writer.upsert(Kind.MAILBOX, entry, ref);
            if (outcome == Outcome.DUPLICATE) {
                warnings.add(mailbox.address() + " already loaded from another resource in this run: first kept");
            } else {
                LoadReport.count(report.mailboxes, outcome);
                carried.add(mailbox.address());
            }
        }
        warnings.forEach(w -> report.problem(new LoadProblem(report.records, WARNING, w)));
        // Mailboxes this resource published before but no longer carries.
        for (SearchResultEntry previous : pool.search(layout.mailboxes().toString(), SearchScope.ONE,
                Filter.createANDFilter(Filter.createEqualityFilter(MirrorAttributes.SOURCE_REF, ref),
                        Filter.createNOTFilter(Filter.createEqualityFilter(MirrorAttributes.PUBLICATION_STATUS,
                                MirrorAttributes.WITHDRAWN))), MirrorAttributes.ADDRESS).getSearchEntries()) {
            if (!carried.contains(previous.getAttributeValue(MirrorAttributes.ADDRESS))) {
                writer.withdraw(previous.getDN(), ref);
                report.withdrawnMailboxes++;
            }
        }
    }

    private static String newer(String current, String candidate) {
        if (candidate == null) {
            return current;
        }
        if (current == null) {
            return candidate;
        }
        return instant(candidate).isAfter(instant(current)) ? candidate : current;
    }

    private static Instant instant(String value) {
        return value.length() <= 10 ? Instant.parse(value + "T00:00:00Z")
                : value.endsWith("Z") ? Instant.parse(value) : OffsetDateTime.parse(value).toInstant();
    }
}
