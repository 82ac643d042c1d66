package fr.mssante.operator.directory.load;

import com.unboundid.ldap.sdk.LDAPConnectionPool;
import com.unboundid.ldap.sdk.LDAPException;
import fr.mssante.operator.directory.mirror.MirrorLayout;
import fr.mssante.operator.directory.mirror.MirrorWriter;
import fr.mssante.operator.directory.mirror.MirrorWriter.Kind;
import fr.mssante.operator.directory.mirror.MirrorWriter.Outcome;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Locale;
import java.util.function.LongConsumer;

import static fr.mssante.operator.directory.load.LoadProblem.Severity.REJECTED;
import static fr.mssante.operator.directory.load.LoadProblem.Severity.WARNING;

/**
 * Loads a full {@code Extraction_Correspondance_MSSante} into the mirror. Bad lines are reported and skipped;
 * once the whole file is read, mailboxes it no longer lists are marked withdrawn (never deleted), unless that
 * would withdraw more than {@code maxWithdrawalShare} of them (a truncated file must not empty the mirror).
 */
public final class ExtractionLoader {
    private static final Logger LOG = LoggerFactory.getLogger(ExtractionLoader.class);

    private final LDAPConnectionPool pool;
    private final MirrorLayout layout;
    private final int writerThreads;
    private final int pageSize;
    private final double maxWithdrawalShare;
    private final LongConsumer progress;

    /** {@code pageSize}: paged results size when reading the mirror's current content, 0 for unpaged. */
    public ExtractionLoader(LDAPConnectionPool pool, MirrorLayout layout, int writerThreads, int pageSize,
                            double maxWithdrawalShare, LongConsumer progress) {
        this.pool = pool;
        this.layout = layout;
        this.writerThreads = writerThreads;
        this.pageSize = pageSize;
        this.maxWithdrawalShare = maxWithdrawalShare;
        this.progress = progress;
    }

    public LoadReport load(Path file) throws IOException, LDAPException {
        LoadReport report = new LoadReport(file.getFileName().toString());
        try (MirrorWriter writer = new MirrorWriter(pool, layout, writerThreads, pageSize);
             InputStream in = ExtractionReader.open(file)) {
            writer.ensureSkeleton();
            writer.prefetch();
            RowLoader rows = new RowLoader(writer, new ExtractionRowMapper(layout), report);
            report.records = new ExtractionReader().read(in, rows);
            withdrawUnlisted(writer, report);
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
        return report;
    }

    private void withdrawUnlisted(MirrorWriter writer, LoadReport report) throws LDAPException {
        long published = writer.publishedMailboxes();
        long candidates = writer.unseenPublishedMailboxes();
        if (published > 0 && candidates > maxWithdrawalShare * published) {
            report.withdrawalSkippedReason = String.format("the file no longer lists %d of %d published mailboxes"
                    + " (more than %.1f %%): withdrawal skipped, check the file or raise --max-withdrawal-share",
                    candidates, published, maxWithdrawalShare * 100);
            LOG.warn(report.withdrawalSkippedReason);
            return;
        }
        report.withdrawnMailboxes = writer.withdrawUnseenMailboxes();
    }

    /** Maps and writes each row; a row's problems never stop the load. */
    private final class RowLoader implements ExtractionReader.Handler {
        private final MirrorWriter writer;
        private final ExtractionRowMapper mapper;
        private final LoadReport report;

        RowLoader(MirrorWriter writer, ExtractionRowMapper mapper, LoadReport report) {
            this.writer = writer;
            this.mapper = mapper;
            this.report = report;
        }

        @Override
        public void row(ExtractionRow row) throws LDAPException {
            String origin = "line " + row.line();
            ExtractionRowMapper.Mapped mapped;
            try {
                mapped = mapper.map(row);
            } catch (IllegalArgumentException e) {
                problem(new LoadProblem(row.line(), REJECTED, e.getMessage()),
                        row.get(ExtractionColumn.ADDRESS));
                return;
            }
            for (String warning : mapped.warnings()) {
                report.problem(new LoadProblem(row.line(), WARNING, warning));
            }
            Outcome outcome = writer.upsert(Kind.MAILBOX, mapped.mailbox(), origin);
            if (outcome == Outcome.DUPLICATE) {
                report.problem(new LoadProblem(row.line(), REJECTED, "duplicate address "
                        + mapped.mailbox().getAttributeValue("mssAddress")
                        + ": already listed on an earlier line, first occurrence kept"));
                return;
            }
            LoadReport.count(report.mailboxes, outcome);
            if (mapped.professional() != null) {
                LoadReport.count(report.professionals, writer.upsert(Kind.PROFESSIONAL, mapped.professional(), origin));
            }
            if (mapped.structure() != null) {
                LoadReport.count(report.structures, writer.upsert(Kind.STRUCTURE, mapped.structure(), origin));
            }
            if (row.line() % 50_000 == 0) {
                progress.accept(row.line());
            }
        }

        @Override
        public void problem(LoadProblem problem, String address) {
            report.problem(problem);
            if (address != null) {
                writer.markSeen(Kind.MAILBOX, address.toLowerCase(Locale.ROOT));
            }
        }
    }
}
