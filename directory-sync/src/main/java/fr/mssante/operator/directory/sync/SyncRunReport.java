package fr.mssante.operator.directory.sync;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

/** What one sync run planned and did; stored as JSON under {@code <state dir>/runs/}. */
public final class SyncRunReport {
    public enum Status { SUCCESS, PARTIAL, FAILED, BLOCKED_BY_GUARDRAIL, DRY_RUN }

    public enum Outcome { APPLIED, REJECTED, NOT_APPLIED }

    /** An action and what became of it. */
    public record ActionResult(PlannedAction.Kind kind, String address, String detail, Outcome outcome, String error) {
        /** One line for the console: {@code CREATE     a@b (PER Dr X)}, with the error when refused. */
        public String describe() {
            return String.format("%-10s %s%s%s", kind, address, detail == null ? "" : ": " + detail,
                    error == null ? "" : " -- " + error);
        }
    }

    private final Instant started = Instant.now();
    @JsonProperty final String startedAt = started.toString();
    @JsonProperty String finishedAt;
    @JsonProperty String mode;
    @JsonProperty boolean dryRun;
    @JsonProperty List<String> domains;
    @JsonProperty Status status;
    @JsonProperty String markerFrom;
    @JsonProperty String markerTo;
    @JsonProperty long mirrorEntriesRead;
    @JsonProperty long serverMailboxesRead;
    @JsonProperty long activeOnServer = -1;
    @JsonProperty final Map<PlannedAction.Kind, Integer> planned = new EnumMap<>(PlannedAction.Kind.class);
    @JsonProperty final Map<Outcome, Integer> outcomes = new EnumMap<>(Outcome.class);
    @JsonProperty String error;
    @JsonProperty final List<ActionResult> actions = new ArrayList<>();

    public Status status() {
        return status;
    }

    public String mode() {
        return mode;
    }

    public String error() {
        return error;
    }

    public String markerTo() {
        return markerTo;
    }

    public long mirrorEntriesRead() {
        return mirrorEntriesRead;
    }

    public int planned(PlannedAction.Kind kind) {
        return planned.getOrDefault(kind, 0);
    }

    public int plannedTotal() {
        return planned.values().stream().mapToInt(Integer::intValue).sum();
    }

    public int outcome(Outcome outcome) {
        return outcomes.getOrDefault(outcome, 0);
    }

    public List<ActionResult> actions() {
        return actions;
    }

    public String summary() {
        return String.format("sync %s%s: %s; mirror entries read %d, planned %s, outcomes %s%s", mode,
                dryRun ? " (dry run)" : "", status, mirrorEntriesRead, planned, outcomes,
                error == null ? "" : "; " + error);
    }

    /** Writes the report as {@code runs/sync-<UTC time>.json} and returns its path. */
    public Path write(Path stateDir) throws IOException {
        Path runs = Files.createDirectories(stateDir.resolve("runs"));
        String name = "sync-" + DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss.SSS'Z'").withZone(ZoneOffset.UTC)
                .format(started) + ".json";
        Path file = runs.resolve(name);
        new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValue(file.toFile(), this);
        return file;
    }
}
