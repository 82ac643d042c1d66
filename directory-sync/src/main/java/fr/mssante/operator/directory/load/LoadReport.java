package fr.mssante.operator.directory.load;

import com.fasterxml.jackson.annotation.JsonProperty;
import fr.mssante.operator.directory.mirror.MirrorWriter.Outcome;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

/** The outcome of one load into the mirror: counters, and the problems with their line numbers. */
public final class LoadReport {
    static final int MAX_KEPT_PROBLEMS = 1000;
    private static final Logger LOG = LoggerFactory.getLogger(LoadReport.class);

    @JsonProperty final String source;
    @JsonProperty final String startedAt = Instant.now().toString();
    @JsonProperty String finishedAt;
    @JsonProperty long records;
    @JsonProperty final Map<Outcome, Long> mailboxes = new EnumMap<>(Outcome.class);
    @JsonProperty final Map<Outcome, Long> professionals = new EnumMap<>(Outcome.class);
    @JsonProperty final Map<Outcome, Long> structures = new EnumMap<>(Outcome.class);
    @JsonProperty long withdrawnMailboxes;
    @JsonProperty long rejected;
    @JsonProperty long warnings;
    /** FHIR only: role references fetched one by one (not included by the search), and those left unresolved. */
    @JsonProperty long fetchedReferences;
    @JsonProperty long unresolvedReferences;
    @JsonProperty boolean complete;
    @JsonProperty String withdrawalSkippedReason;
    @JsonProperty final List<LoadProblem> problems = new ArrayList<>();

    public LoadReport(String source) {
        this.source = source;
    }

    void problem(LoadProblem problem) {
        if (problem.severity() == LoadProblem.Severity.REJECTED) {
            rejected++;
        } else {
            warnings++;
        }
        LOG.warn("{}: {}", source, problem);
        if (problems.size() < MAX_KEPT_PROBLEMS) {
            problems.add(problem);
        }
    }

    static void count(Map<Outcome, Long> counters, Outcome outcome) {
        counters.merge(outcome, 1L, Long::sum);
    }

    public long records() {
        return records;
    }

    public long mailboxes(Outcome outcome) {
        return mailboxes.getOrDefault(outcome, 0L);
    }

    public long professionals(Outcome outcome) {
        return professionals.getOrDefault(outcome, 0L);
    }

    public long structures(Outcome outcome) {
        return structures.getOrDefault(outcome, 0L);
    }

    public long withdrawnMailboxes() {
        return withdrawnMailboxes;
    }

    public long rejected() {
        return rejected;
    }

    public long warnings() {
        return warnings;
    }

    public long fetchedReferences() {
        return fetchedReferences;
    }

    public long unresolvedReferences() {
        return unresolvedReferences;
    }

    public boolean complete() {
        return complete;
    }

    public String withdrawalSkippedReason() {
        return withdrawalSkippedReason;
    }

    public List<LoadProblem> problems() {
        return problems;
    }

    public String summary() {
        return String.format("%s: %d records; mailboxes %s, withdrawn %d; professionals %s; structures %s; "
                        + "%d rejected, %d warnings%s%s", source, records, mailboxes, withdrawnMailboxes, professionals,
                structures, rejected, warnings, unresolvedReferences == 0 && fetchedReferences == 0 ? ""
                        : String.format(" (%d references fetched, %d unresolved)", fetchedReferences, unresolvedReferences),
                complete ? "" : "; INCOMPLETE");
    }
}
