package fr.mssante.operator.james.h2;

import java.sql.SQLException;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;

import org.apache.james.metrics.api.GaugeRegistry;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The size of an embedded H2 database file and how much of it {@code ./mssante compact} would give back, as gauges
 * ({@code mssanteH2FileBytes.NAME}, {@code mssanteH2ReclaimableBytes.NAME}, WebAdmin {@code GET /metrics}), and one
 * log line at start, a warning when most of the file is reclaimable. H2 does not shrink its file while the server
 * runs: an operator alerts on the gauge and compacts in a maintenance window. A database that is not an H2 file
 * (PostgreSQL) gets no gauge.
 */
public final class H2FileGauges {
    public static final String FILE_BYTES = "mssanteH2FileBytes.";
    public static final String RECLAIMABLE_BYTES = "mssanteH2ReclaimableBytes.";
    /** Above this share of the file, the start-up line is a warning that advises compacting. */
    static final int ADVISE_COMPACTION_PERCENT = 50;
    private static final Logger LOGGER = LoggerFactory.getLogger(H2FileGauges.class);

    /** Reads a database's usage with a connection of its pool; empty when it is not an H2 file. */
    @FunctionalInterface
    public interface UsageReader {
        Optional<H2FileUsage> read() throws SQLException;
    }

    private H2FileGauges() {
    }

    /** Logs the usage of database {@code name} and registers its gauges, when it is an H2 file. */
    public static void register(String name, UsageReader reader, GaugeRegistry gauges) {
        Optional<H2FileUsage> usage;
        try {
            usage = reader.read();
        } catch (SQLException | RuntimeException e) {
            LOGGER.warn("H2 database {}: cannot read its file usage, no gauge for it: {}", name, e.getMessage());
            return;
        }
        if (usage.isEmpty()) {
            return;
        }
        H2FileUsage atStart = usage.get();
        if (atStart.reclaimableBytes() * 100 > atStart.fileBytes() * ADVISE_COMPACTION_PERCENT) {
            LOGGER.warn("H2 database {}: {}; './mssante compact' on the stopped server would give back about {}"
                + " (docs/server-storage.md)", name, atStart.describe(), H2FileUsage.megabytes(atStart.reclaimableBytes()));
        } else {
            LOGGER.info("H2 database {}: {}", name, atStart.describe());
        }
        Latest latest = new Latest(name, reader, atStart);
        gauges.register(FILE_BYTES + name, () -> latest.read().fileBytes());
        gauges.register(RECLAIMABLE_BYTES + name, () -> latest.read().reclaimableBytes());
    }

    /** The usage read at each scrape; the last one read when reading fails (a warning says so). */
    private static final class Latest {
        private final String name;
        private final UsageReader reader;
        private final AtomicReference<H2FileUsage> last;

        Latest(String name, UsageReader reader, H2FileUsage first) {
            this.name = name;
            this.reader = reader;
            this.last = new AtomicReference<>(first);
        }

        H2FileUsage read() {
            try {
                reader.read().ifPresent(last::set);
            } catch (SQLException | RuntimeException e) {
                LOGGER.warn("H2 database {}: cannot read its file usage, its gauges keep the last values: {}",
                    name, e.getMessage());
            }
            return last.get();
        }
    }
}
