package fr.mssante.operator.directory.load;

import com.unboundid.ldap.sdk.LDAPConnectionPool;
import com.unboundid.ldap.sdk.LDAPException;
import fr.mssante.operator.directory.mirror.MirrorLayout;
import fr.mssante.operator.directory.mirror.MirrorWriter;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;
import java.time.Instant;
import java.util.function.LongConsumer;

import static fr.mssante.operator.directory.load.LoadProblem.Severity.REJECTED;

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
            ExtractionRows rows = new ExtractionRows(writer, new ExtractionRowMapper(layout), report, progress);
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
}
