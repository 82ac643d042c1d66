package fr.mssante.operator.directory.load;

import com.unboundid.ldap.sdk.LDAPConnection;
import com.unboundid.ldap.sdk.LDAPConnectionPool;
import com.unboundid.ldif.LDIFReader;
import fr.mssante.operator.directory.mirror.DirectoryMailbox;
import fr.mssante.operator.directory.mirror.EmbeddedMirror;
import fr.mssante.operator.directory.mirror.MirrorLayout;
import fr.mssante.operator.directory.mirror.MirrorReader;
import fr.mssante.operator.directory.mirror.MirrorWriter.Outcome;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

import static fr.mssante.operator.directory.load.ExtractionFixture.org;
import static fr.mssante.operator.directory.load.ExtractionFixture.per;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The bulk path: extraction -> LDIF -> offline import, then the daily online reload takes over. */
class ExtractionLdifExporterTest {
    @TempDir
    Path dir;

    private static List<String> rows() {
        return List.of(
                per("ok.one@ch-test.mssante.fr", "10000000001", "UN", "1750000009"),          // line 2
                per("ok.one@ch-test.mssante.fr", "10000000002", "DOUBLON", "1750000009"),     // line 3 duplicate
                "PER|too.short@ch-test.mssante.fr|8|10000000003",                             // line 4 short
                per("élodie.o\"neil@ch-test.mssante.fr", "10000000006", "O\"NÉIL", "1750000009"), // line 5 quote, accents
                org("service@ch-test.mssante.fr", "Urgences", "1750000009"),                  // line 6
                per("deux@ch-test.mssante.fr", "10000000001", "UN", "1750000009"));           // line 7 same professional
    }

    @Test
    void anExportedMirrorImportedOfflineIsFoundUnchangedByTheNextOnlineLoad() throws Exception {
        Path file = ExtractionFixture.write(dir.resolve("Extraction_Correspondance_MSSante.txt"), rows());
        Path ldif = dir.resolve("mirror.ldif");

        LoadReport export = new ExtractionLdifExporter(MirrorLayout.defaults(), line -> { }).export(file, ldif);

        assertThat(export.complete()).isTrue();
        assertThat(export.mailboxes(Outcome.ADDED)).isEqualTo(4);
        assertThat(export.professionals(Outcome.ADDED)).isEqualTo(2);
        assertThat(export.professionals(Outcome.DUPLICATE)).isEqualTo(1);
        assertThat(export.structures(Outcome.ADDED)).isEqualTo(1);
        assertThat(export.problems()).extracting(LoadProblem::line).contains(3L, 4L);
        assertThat(export.problems()).filteredOn(p -> p.line() == 3).first().extracting(LoadProblem::message)
                .asString().contains("duplicate address ok.one@ch-test.mssante.fr");

        // An empty mirror (no skeleton) importing the file, as slapadd does: parents must come first.
        try (EmbeddedMirror mirror = EmbeddedMirror.start(0, MirrorLayout.defaults(), List.of());
             LDAPConnectionPool pool = new LDAPConnectionPool(new LDAPConnection("127.0.0.1", mirror.port()), 2)) {
            try (LDIFReader reader = new LDIFReader(ldif.toFile())) {
                assertThat(mirror.server().importFromLDIF(true, reader)).isEqualTo(4 + 4 + 2 + 1); // base and containers, mailboxes, professionals, structure
            }
            List<DirectoryMailbox> loaded = new ArrayList<>();
            new MirrorReader(pool, mirror.layout(), 0).forEachMailbox(Set.of("ch-test.mssante.fr"), null, loaded::add);
            assertThat(loaded).extracting(DirectoryMailbox::address).containsExactlyInAnyOrder(
                    "ok.one@ch-test.mssante.fr", "élodie.oneil@ch-test.mssante.fr", "service@ch-test.mssante.fr",
                    "deux@ch-test.mssante.fr");

            LoadReport reload = new ExtractionLoader(pool, mirror.layout(), 2, 0, 0.10, line -> { }).load(file);

            assertThat(reload.mailboxes(Outcome.UNCHANGED)).isEqualTo(4);
            assertThat(reload.professionals(Outcome.UNCHANGED)).isEqualTo(2);
            assertThat(reload.structures(Outcome.UNCHANGED)).isEqualTo(1);
            assertThat(reload.mailboxes(Outcome.ADDED) + reload.mailboxes(Outcome.UPDATED)
                    + reload.professionals(Outcome.UPDATED) + reload.structures(Outcome.UPDATED)).isZero();
            assertThat(reload.withdrawnMailboxes()).isZero();
        }
    }

    @Test
    void anExistingTargetIsNeverOverwritten() throws Exception {
        Path file = ExtractionFixture.write(dir.resolve("x.txt"), rows());
        Path ldif = Files.writeString(dir.resolve("mirror.ldif"), "keep me");

        assertThatThrownBy(() -> new ExtractionLdifExporter(MirrorLayout.defaults(), line -> { }).export(file, ldif))
                .isInstanceOf(java.nio.file.FileAlreadyExistsException.class);
        assertThat(Files.readString(ldif)).isEqualTo("keep me");
    }
}
