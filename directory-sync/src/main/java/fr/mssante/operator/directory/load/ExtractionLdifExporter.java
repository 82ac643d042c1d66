package fr.mssante.operator.directory.load;

import com.unboundid.ldap.sdk.LDAPException;
import fr.mssante.operator.directory.mirror.LdifMirrorFile;
import fr.mssante.operator.directory.mirror.MirrorLayout;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;
import java.time.Instant;
import java.util.function.LongConsumer;

/**
 * Turns a full {@code Extraction_Correspondance_MSSante} into the LDIF of a whole mirror, for the first load of an
 * empty OpenLDAP mirror with {@code slapadd -q} (conf/ldap/openldap-mirror.sh --ldif). The rows are mapped,
 * checked and reported exactly as {@link ExtractionLoader} does; the entries carry the same content hash, so the
 * daily {@code directory load} that follows writes only what changed.
 */
public final class ExtractionLdifExporter {
    private static final Logger LOG = LoggerFactory.getLogger(ExtractionLdifExporter.class);

    private final MirrorLayout layout;
    private final LongConsumer progress;

    public ExtractionLdifExporter(MirrorLayout layout, LongConsumer progress) {
        this.layout = layout;
        this.progress = progress;
    }

    /** Writes {@code ldif} (which must not exist) from {@code file}; the report counts every entry as ADDED. */
    public LoadReport export(Path file, Path ldif) throws IOException {
        LoadReport report = new LoadReport(file.getFileName().toString());
        try (LdifMirrorFile out = new LdifMirrorFile(ldif, layout);
             InputStream in = ExtractionReader.open(file)) {
            report.records = new ExtractionReader().read(in,
                    new ExtractionRows(out, new ExtractionRowMapper(layout), report, progress));
            report.complete = true;
            LOG.info("{} entries written to {}", out.entries(), ldif);
        } catch (LDAPException e) {
            throw new IllegalStateException("an LDIF export does not talk to LDAP", e);
        } finally {
            report.finishedAt = Instant.now().toString();
        }
        LOG.info("{}", report.summary());
        return report;
    }
}
