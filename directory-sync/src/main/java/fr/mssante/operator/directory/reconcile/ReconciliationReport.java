package fr.mssante.operator.directory.reconcile;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;

import java.io.IOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

/** "BAL publiée = BAL utilisée": what the directory and the server disagree on, for our domains. */
public final class ReconciliationReport {
    public enum Category {
        /** Published for our domains, unknown to the server. */
        PUBLISHED_MISSING,
        /** Published, but suspended on the server. */
        PUBLISHED_INACTIVE,
        /** Active on the server, but not (or no longer) published. */
        ACTIVE_NOT_PUBLISHED
    }

    /** {@code directory}: published, withdrawn or absent; {@code server}: ACTIVE, SUSPENDED or absent. */
    public record Finding(Category category, String address, String type, String directory, String server,
                          boolean listeRouge, String suspensionReason) {
    }

    @JsonProperty final String generatedAt = Instant.now().toString();
    @JsonProperty final List<String> domains;
    @JsonProperty long publishedInDirectory;
    @JsonProperty long activeOnServer;
    @JsonProperty final Map<Category, Integer> counts = new EnumMap<>(Category.class);
    @JsonProperty final List<Finding> findings = new ArrayList<>();

    ReconciliationReport(List<String> domains) {
        this.domains = domains;
    }

    void add(Finding finding) {
        findings.add(finding);
        counts.merge(finding.category(), 1, Integer::sum);
    }

    public List<Finding> findings() {
        return findings;
    }

    public int count(Category category) {
        return counts.getOrDefault(category, 0);
    }

    public long publishedInDirectory() {
        return publishedInDirectory;
    }

    public long activeOnServer() {
        return activeOnServer;
    }

    public String summary() {
        return String.format("reconciliation of %s: %d published in the directory, %d active on the server; %s",
                domains, publishedInDirectory, activeOnServer, counts.isEmpty() ? "all consistent" : counts);
    }

    public void writeJson(Path file) throws IOException {
        new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValue(file.toFile(), this);
    }

    public void writeCsv(Path file) throws IOException {
        try (Writer out = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
            out.write("category,address,type,directory,server,listeRouge,suspensionReason\r\n");
            for (Finding f : findings) {
                out.write(String.join(",", f.category().name(), csv(f.address()), csv(f.type()), f.directory(),
                        f.server(), String.valueOf(f.listeRouge()), csv(f.suspensionReason())) + "\r\n");
            }
        }
    }

    private static String csv(String value) {
        if (value == null) {
            return "";
        }
        if (value.contains(",") || value.contains("\"") || value.contains("\n") || value.contains("\r")) {
            return "\"" + value.replace("\"", "\"\"") + "\"";
        }
        return value;
    }
}
