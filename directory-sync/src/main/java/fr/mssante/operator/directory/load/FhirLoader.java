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
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.function.LongConsumer;

import static fr.mssante.operator.directory.load.LoadProblem.Severity.REJECTED;
import static fr.mssante.operator.directory.load.LoadProblem.Severity.WARNING;

/**
 * Loads MSSanté mailboxes from the Annuaire Santé FHIR API (Practitioner, PractitionerRole, Organization) into the
 * mirror, following {@code link[next]}, one bundle entry at a time (streaming JSON). With {@code since}, only
 * resources changed since then ({@code _lastUpdated=ge}); a mailbox a changed resource no longer carries is
 * withdrawn. The API key goes in the {@code ESANTE-API-KEY} header.
 *
 * <p>A PractitionerRole names its practitioner and organization by logical identifier or by reference. References
 * are resolved against the resources the role search includes ({@code _include}, {@code search.mode = include}),
 * on the role's page or an earlier one; a role still unresolved after its page waits for the end of the search,
 * then the references nobody included are fetched one by one (at most {@code maxReferenceFetches} per load). A
 * reference that stays unresolved is a counted warning: the mailbox is loaded without that link.
 */
public final class FhirLoader {
    static final List<String> RESOURCE_TYPES = List.of("Practitioner", "PractitionerRole", "Organization");
    static final String ROLE_INCLUDES = "&_include=PractitionerRole:practitioner&_include=PractitionerRole:organization";
    public static final int DEFAULT_MAX_REFERENCE_FETCHES = 1_000;
    static final String SOURCE = "fhir";
    private static final Logger LOG = LoggerFactory.getLogger(FhirLoader.class);

    /** The load report, and the newest meta.lastUpdated seen (the next delta's starting point). */
    public record Result(LoadReport report, String newestLastUpdated) {
    }

    /** A role's mailboxes waiting for the national ids behind its references (null: nothing to resolve). */
    private record PendingRole(long record, String ref, List<DirectoryMailbox> mailboxes, List<String> warnings,
                               String practitioner, String organization) {
    }

    /** A FHIR answer that no retry changes (4xx other than 429). */
    private static final class FhirStatusException extends IOException {
        final int status;

        FhirStatusException(int status, String message) {
            super(message);
            this.status = status;
        }
    }

    private final URI base;
    private final String apiKey;
    private final LDAPConnectionPool pool;
    private final MirrorLayout layout;
    private final int maxReferenceFetches;
    private final LongConsumer progress;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10))
            .followRedirects(HttpClient.Redirect.NORMAL).build();
    private final ObjectMapper json = new ObjectMapper();
    private final FhirMailboxExtractor extractor = new FhirMailboxExtractor();

    public FhirLoader(URI base, String apiKey, LDAPConnectionPool pool, MirrorLayout layout, int maxReferenceFetches,
                      LongConsumer progress) {
        String text = base.toString();
        this.base = URI.create(text.endsWith("/") ? text.substring(0, text.length() - 1) : text);
        this.apiKey = apiKey;
        this.pool = pool;
        this.layout = layout;
        this.maxReferenceFetches = maxReferenceFetches;
        this.progress = progress;
    }

    /** {@code since}: an ISO-8601 instant or date-time, or null for everything. */
    public Result load(String since) throws IOException, LDAPException, InterruptedException {
        LoadReport report = new LoadReport("FHIR " + base + (since == null ? "" : " since " + since));
        String[] newest = {since};
        FhirReferences references = new FhirReferences();
        try (MirrorWriter writer = new MirrorWriter(pool, layout, 2, 0)) {
            writer.ensureSkeleton();
            for (String type : RESOURCE_TYPES) {
                boolean roles = type.equals("PractitionerRole");
                List<PendingRole> deferred = new ArrayList<>();
                URI next = URI.create(base + "/" + type + "?_count=50" + (roles ? ROLE_INCLUDES : "")
                        + (since == null ? "" : "&_lastUpdated=" + URLEncoder.encode("ge" + since, StandardCharsets.UTF_8)));
                while (next != null) {
                    List<PendingRole> page = new ArrayList<>();
                    next = page(next, (resource, included) -> {
                        if (included) {
                            references.included(resource);
                            return;
                        }
                        report.records++;
                        newest[0] = newer(newest[0], resource.path("meta").path("lastUpdated").asText(null));
                        String ref = FhirMailboxExtractor.ref(resource);
                        List<String> warnings = new ArrayList<>();
                        List<DirectoryMailbox> mailboxes = extractor.mailboxes(resource, warnings);
                        PendingRole role = roles ? pending(report, resource, mailboxes, warnings) : null;
                        if (role != null) {
                            page.add(role); // its included resources usually follow it on the page
                        } else {
                            write(report.records, ref, mailboxes, warnings, writer, report);
                        }
                        if (report.records % 1_000 == 0) {
                            progress.accept(report.records);
                        }
                    });
                    for (PendingRole role : page) {
                        if (resolved(role, references)) {
                            write(role, references, writer, report);
                        } else {
                            deferred.add(role);
                        }
                    }
                }
                if (!deferred.isEmpty()) {
                    fetchMissing(deferred, references, report);
                    for (PendingRole role : deferred) {
                        write(role, references, writer, report);
                    }
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

    /** The role's references to resolve, or null when its mailboxes can be written as they are. */
    private static PendingRole pending(LoadReport report, JsonNode role, List<DirectoryMailbox> mailboxes,
                                       List<String> warnings) {
        if (mailboxes.isEmpty()) {
            return null;
        }
        String ref = FhirMailboxExtractor.ref(role);
        // A logical identifier already gave the national id (FhirMailboxExtractor); only then is a reference skipped.
        String practitioner = mailboxes.get(0).professionalId() != null ? null
                : reference(report, ref, role.path("practitioner"), warnings);
        String organization = mailboxes.get(0).structureId() != null ? null
                : reference(report, ref, role.path("organization"), warnings);
        return practitioner == null && organization == null ? null
                : new PendingRole(report.records, ref, mailboxes, warnings, practitioner, organization);
    }

    private static String reference(LoadReport report, String ref, JsonNode element, List<String> warnings) {
        String key = FhirReferences.key(element);
        if (key == null && element.hasNonNull("reference")) {
            report.unresolvedReferences++;
            warnings.add(ref + ": reference '" + element.get("reference").asText() + "' is not of the form "
                    + "Practitioner/<id> or Organization/<id>: not resolved");
        }
        return key;
    }

    private static boolean resolved(PendingRole role, FhirReferences references) {
        return (role.practitioner() == null || references.resolution(role.practitioner()) != null)
                && (role.organization() == null || references.resolution(role.organization()) != null);
    }

    /** Fetches the references nobody included, each once, at most {@link #maxReferenceFetches} per load. */
    private void fetchMissing(List<PendingRole> deferred, FhirReferences references, LoadReport report)
            throws IOException, InterruptedException {
        Set<String> missing = new LinkedHashSet<>();
        for (PendingRole role : deferred) {
            for (String key : new String[] {role.practitioner(), role.organization()}) {
                if (key != null && references.resolution(key) == null) {
                    missing.add(key);
                }
            }
        }
        LOG.info("{} role(s) with references not included by the FHIR API: fetching {} resource(s) one by one",
                deferred.size(), Math.min(missing.size(), maxReferenceFetches - report.fetchedReferences));
        for (String key : missing) {
            if (report.fetchedReferences >= maxReferenceFetches) {
                references.unresolvable(key, "not fetched: over the limit of " + maxReferenceFetches
                        + " reference fetches per load (--max-reference-fetches)");
                continue;
            }
            report.fetchedReferences++;
            try (InputStream body = fetch(URI.create(base + "/" + key)).body()) {
                JsonNode resource = json.readTree(body);
                if (key.equals(FhirMailboxExtractor.ref(resource))) {
                    references.fetched(resource);
                } else {
                    references.unresolvable(key, "GET " + key + " answered " + FhirMailboxExtractor.ref(resource));
                }
            } catch (FhirStatusException e) {
                if (e.status == 401 || e.status == 403) {
                    throw e;
                }
                references.unresolvable(key, (e.status == 404 || e.status == 410 ? "not found on the FHIR API"
                        : "refused by the FHIR API") + " (HTTP " + e.status + ")");
            }
        }
    }

    /** Writes a role's mailboxes with the national ids its references resolved to; warns for each one that did not. */
    private void write(PendingRole role, FhirReferences references, MirrorWriter writer, LoadReport report)
            throws LDAPException {
        String addresses = role.mailboxes().stream().map(DirectoryMailbox::address).collect(Collectors.joining(", "));
        String professionalId = nationalId(role, "practitioner", role.practitioner(), MirrorAttributes.PROFESSIONAL_ID,
                addresses, references, report);
        String structureId = nationalId(role, "organization", role.organization(), MirrorAttributes.STRUCTURE_ID,
                addresses, references, report);
        List<DirectoryMailbox> linked = role.mailboxes().stream().map(m -> m.withPracticeSituation(
                professionalId != null ? professionalId : m.professionalId(),
                structureId != null ? structureId : m.structureId())).toList();
        write(role.record(), role.ref(), linked, role.warnings(), writer, report);
    }

    private static String nationalId(PendingRole role, String element, String key, String attribute, String addresses,
                                     FhirReferences references, LoadReport report) {
        if (key == null) {
            return null;
        }
        // Known by now: included (on this page or a recent one), fetched, or marked unresolvable by fetchMissing.
        FhirReferences.Resolution resolution = references.resolution(key);
        if (resolution.nationalId() == null) {
            report.unresolvedReferences++;
            role.warnings().add(role.ref() + ": " + element + " reference " + key + " unresolved, "
                    + resolution.problem() + ": " + addresses + " loaded without " + attribute);
        }
        return resolution.nationalId();
    }

    private interface ResourceHandler {
        void accept(JsonNode resource, boolean included) throws LDAPException;
    }

    /**
     * Streams one bundle page, handing each resource over as it is parsed (with whether the search included it
     * for a match, {@code search.mode = include}); returns the next page or null.
     */
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
                            handler.accept(entry.get("resource"),
                                    "include".equals(entry.path("search").path("mode").asText()));
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
                    throw new FhirStatusException(status, "the FHIR API refused the API key (HTTP " + status + ") for " + uri);
                }
                if (status < 500 && status != 429) {
                    throw new FhirStatusException(status, "the FHIR API answered HTTP " + status + " for " + uri + ": " + body);
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

    /** Writes the mailboxes one resource carries, and withdraws those it published before but no longer carries. */
    private void write(long record, String ref, List<DirectoryMailbox> mailboxes, List<String> warnings,
                       MirrorWriter writer, LoadReport report) throws LDAPException {
        Set<String> carried = new HashSet<>();
        for (DirectoryMailbox mailbox : mailboxes) {
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
        warnings.forEach(w -> report.problem(new LoadProblem(record, WARNING, w)));
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
