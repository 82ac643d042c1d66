package fr.mssante.operator.directory.load;

import com.unboundid.ldap.sdk.LDAPException;
import fr.mssante.operator.directory.mirror.MirrorSink;
import fr.mssante.operator.directory.mirror.MirrorWriter.Kind;
import fr.mssante.operator.directory.mirror.MirrorWriter.Outcome;

import java.io.IOException;
import java.util.Locale;
import java.util.function.LongConsumer;

import static fr.mssante.operator.directory.load.LoadProblem.Severity.REJECTED;
import static fr.mssante.operator.directory.load.LoadProblem.Severity.WARNING;

/** Maps each extraction row to its entries and hands them to a sink; a row's problems never stop the load. */
final class ExtractionRows implements ExtractionReader.Handler {
    private final MirrorSink sink;
    private final ExtractionRowMapper mapper;
    private final LoadReport report;
    private final LongConsumer progress;

    ExtractionRows(MirrorSink sink, ExtractionRowMapper mapper, LoadReport report, LongConsumer progress) {
        this.sink = sink;
        this.mapper = mapper;
        this.report = report;
        this.progress = progress;
    }

    @Override
    public void row(ExtractionRow row) throws LDAPException, IOException {
        String origin = "line " + row.line();
        ExtractionRowMapper.Mapped mapped;
        try {
            mapped = mapper.map(row);
        } catch (IllegalArgumentException e) {
            problem(new LoadProblem(row.line(), REJECTED, e.getMessage()), row.get(ExtractionColumn.ADDRESS));
            return;
        }
        for (String warning : mapped.warnings()) {
            report.problem(new LoadProblem(row.line(), WARNING, warning));
        }
        Outcome outcome = sink.upsert(Kind.MAILBOX, mapped.mailbox(), origin);
        if (outcome == Outcome.DUPLICATE) {
            report.problem(new LoadProblem(row.line(), REJECTED, "duplicate address "
                    + mapped.mailbox().getAttributeValue("mssAddress")
                    + ": already listed on an earlier line, first occurrence kept"));
            return;
        }
        LoadReport.count(report.mailboxes, outcome);
        if (mapped.professional() != null) {
            LoadReport.count(report.professionals, sink.upsert(Kind.PROFESSIONAL, mapped.professional(), origin));
        }
        if (mapped.structure() != null) {
            LoadReport.count(report.structures, sink.upsert(Kind.STRUCTURE, mapped.structure(), origin));
        }
        if (row.line() % 50_000 == 0) {
            progress.accept(row.line());
        }
    }

    @Override
    public void problem(LoadProblem problem, String address) {
        report.problem(problem);
        if (address != null) {
            sink.markSeen(Kind.MAILBOX, address.toLowerCase(Locale.ROOT));
        }
    }
}
