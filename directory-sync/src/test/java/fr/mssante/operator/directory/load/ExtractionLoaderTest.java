package fr.mssante.operator.directory.load;

import com.unboundid.ldap.sdk.LDAPConnection;
import com.unboundid.ldap.sdk.LDAPConnectionPool;
import com.unboundid.ldap.sdk.SearchResultEntry;
import fr.mssante.operator.directory.mirror.DirectoryMailbox;
import fr.mssante.operator.directory.mirror.EmbeddedMirror;
import fr.mssante.operator.directory.mirror.MirrorLayout;
import fr.mssante.operator.directory.mirror.MirrorReader;
import fr.mssante.operator.directory.mirror.MirrorWriter.Outcome;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

import static fr.mssante.operator.directory.load.ExtractionFixture.org;
import static fr.mssante.operator.directory.load.ExtractionFixture.per;
import static org.assertj.core.api.Assertions.assertThat;

class ExtractionLoaderTest {
    @TempDir
    Path dir;
    private EmbeddedMirror mirror;
    private LDAPConnectionPool pool;

    @BeforeEach
    void start() throws Exception {
        mirror = EmbeddedMirror.start(0, MirrorLayout.defaults(), List.of());
        pool = new LDAPConnectionPool(new LDAPConnection("127.0.0.1", mirror.port()), 2);
    }

    @AfterEach
    void stop() {
        pool.close();
        mirror.close();
    }

    private ExtractionLoader loader() {
        return new ExtractionLoader(pool, mirror.layout(), 2, 3, 0.10, line -> { });
    }

    private Map<String, DirectoryMailbox> mailboxes(String... domains) throws Exception {
        List<DirectoryMailbox> all = new ArrayList<>();
        new MirrorReader(pool, mirror.layout(), 100).forEachMailbox(Set.of(domains), null, all::add);
        return all.stream().collect(Collectors.toMap(DirectoryMailbox::address, m -> m));
    }

    @Test
    void loadsThePublishedSampleWithProfessionalsAndStructures() throws Exception {
        Path file = dir.resolve("Extraction_Correspondance_MSSante_202611210400.txt");
        Files.copy(ExtractionFixture.resource("extraction-sample.txt"), file);

        LoadReport report = loader().load(file);

        assertThat(report.complete()).isTrue();
        assertThat(report.records()).isEqualTo(4);
        assertThat(report.mailboxes(Outcome.ADDED)).isEqualTo(4);
        assertThat(report.rejected()).isZero();
        Map<String, DirectoryMailbox> loaded = mailboxes("ch-exemple.mssante.fr", "pharmacie-exemple.mssante.fr");
        DirectoryMailbox jeanne = loaded.get("jeanne.dupont@ch-exemple.mssante.fr");
        assertThat(jeanne.displayName()).isEqualTo("MME Jeanne DUPONT");
        assertThat(jeanne.professionalId()).isEqualTo("810001234567");
        assertThat(jeanne.structureId()).isEqualTo("1690000100");
        assertThat(jeanne.dematerialisation()).isTrue();
        assertThat(loaded.get("cardiologie@ch-exemple.mssante.fr").service()).isEqualTo("Service de cardiologie");
        assertThat(loaded.get("paul.martin@pharmacie-exemple.mssante.fr").dematerialisation()).isFalse();
        SearchResultEntry structure = pool.getEntry(mirror.layout().structureDn("1690000100").toString());
        assertThat(structure.getAttributeValue("o")).isEqualTo("CENTRE HOSPITALIER EXEMPLE");
        assertThat(structure.getAttributeValue("mssStructureLocalId")).isEqualTo("690000100");
        SearchResultEntry professional = pool.getEntry(mirror.layout().professionalDn("0691234567").toString());
        assertThat(professional.getAttributeValue("mssProfessionLabel")).isEqualTo("Infirmier");
    }

    @Test
    void aFreshDatabaseGetsItsContainersCreated() throws Exception {
        for (var container : List.of(mirror.layout().mailboxes(), mirror.layout().professionals(),
                mirror.layout().structures())) {
            pool.delete(container.toString());
        }
        Path file = ExtractionFixture.write(dir.resolve("fresh.txt"),
                List.of(org("accueil@ch-neuf.mssante.fr", "Accueil", "1750000001")));

        LoadReport report = loader().load(file);

        assertThat(report.mailboxes(Outcome.ADDED)).isEqualTo(1);
        assertThat(mailboxes("ch-neuf.mssante.fr")).containsKey("accueil@ch-neuf.mssante.fr");
    }

    @Test
    void malformedLinesAreReportedWithTheirNumberAndNeverStopTheLoad() throws Exception {
        Path file = ExtractionFixture.write(dir.resolve("bad.txt"), List.of(
                per("ok.one@ch-test.mssante.fr", "10000000001", "UN", "1750000009"),          // line 2
                per("ok.one@ch-test.mssante.fr", "10000000002", "DOUBLON", "1750000009"),     // line 3 duplicate
                "PER|too.short@ch-test.mssante.fr|8|10000000003",                             // line 4 short
                per("not-an-address", "10000000004", "QUATRE", "1750000009"),                 // line 5
                per("bad.type@ch-test.mssante.fr", "10000000005", "CINQ", "").replaceFirst("^PER", "XYZ"), // line 6
                per("quote@ch-test.mssante.fr", "10000000006", "O\"NEIL", "1750000009"),      // line 7 stray quote
                per("\"quoted@ch-test.mssante.fr\"", "10000000007", "SEPT", "1750000009"),    // line 8 quoted field
                "",                                                                             // line 9 blank
                org("service@ch-test.mssante.fr", "Urgences", "1750000009").replace("|O|CH TEST|", "|peut-etre|CH TEST|"), // line 10
                per("empty.fields@ch-test.mssante.fr", "10000000008", "", "")));              // line 11

        LoadReport report = loader().load(file);

        assertThat(report.complete()).isTrue();
        assertThat(report.problems()).extracting(LoadProblem::line, LoadProblem::severity)
                .contains(org.assertj.core.groups.Tuple.tuple(3L, LoadProblem.Severity.REJECTED),
                        org.assertj.core.groups.Tuple.tuple(4L, LoadProblem.Severity.REJECTED),
                        org.assertj.core.groups.Tuple.tuple(5L, LoadProblem.Severity.REJECTED),
                        org.assertj.core.groups.Tuple.tuple(6L, LoadProblem.Severity.REJECTED),
                        org.assertj.core.groups.Tuple.tuple(7L, LoadProblem.Severity.WARNING),
                        org.assertj.core.groups.Tuple.tuple(10L, LoadProblem.Severity.WARNING));
        assertThat(report.problems()).filteredOn(p -> p.line() == 3).first().extracting(LoadProblem::message)
                .asString().contains("duplicate address ok.one@ch-test.mssante.fr");
        assertThat(report.problems()).filteredOn(p -> p.line() == 4).first().extracting(LoadProblem::message)
                .asString().contains("expected 31 fields", "found 4");
        assertThat(report.problems()).filteredOn(p -> p.line() == 6).first().extracting(LoadProblem::message)
                .asString().contains("unknown mailbox type 'XYZ'");
        assertThat(report.rejected()).isEqualTo(4);

        Map<String, DirectoryMailbox> loaded = mailboxes("ch-test.mssante.fr");
        assertThat(loaded.keySet()).containsExactlyInAnyOrder("ok.one@ch-test.mssante.fr", "quote@ch-test.mssante.fr",
                "quoted@ch-test.mssante.fr", "service@ch-test.mssante.fr", "empty.fields@ch-test.mssante.fr");
        assertThat(loaded.get("ok.one@ch-test.mssante.fr").professionalId()).isEqualTo("810000000001");
        assertThat(loaded.get("quote@ch-test.mssante.fr").displayName()).isEqualTo("DR Jean ONEIL");
        assertThat(loaded.get("service@ch-test.mssante.fr").dematerialisation()).isNull();
        assertThat(loaded.get("empty.fields@ch-test.mssante.fr").structureId()).isNull();
    }

    @Test
    void zippedExtractionLoadsAndAReloadChangesOnlyWhatChanged() throws Exception {
        Path txt = ExtractionFixture.write(dir.resolve("x.txt"), List.of(
                per("a@ch-zip.mssante.fr", "10000000001", "A", "1750000001"),
                org("b@ch-zip.mssante.fr", "Service B", "1750000001")));
        Path zip = dir.resolve("Extraction_Correspondance_MSSante.zip");
        try (ZipOutputStream out = new ZipOutputStream(Files.newOutputStream(zip))) {
            out.putNextEntry(new ZipEntry("Extraction_Correspondance_MSSante_202611210400.txt"));
            out.write(Files.readAllBytes(txt));
        }
        assertThat(loader().load(zip).mailboxes(Outcome.ADDED)).isEqualTo(2);
        String markerBefore = mailboxes("ch-zip.mssante.fr").get("a@ch-zip.mssante.fr").changeMarker();

        ExtractionFixture.write(txt, List.of(
                per("a@ch-zip.mssante.fr", "10000000001", "A", "1750000001"),
                org("b@ch-zip.mssante.fr", "Service B renamed", "1750000001")));
        LoadReport reload = loader().load(txt);

        assertThat(reload.mailboxes(Outcome.UNCHANGED)).isEqualTo(1);
        assertThat(reload.mailboxes(Outcome.UPDATED)).isEqualTo(1);
        assertThat(mailboxes("ch-zip.mssante.fr").get("a@ch-zip.mssante.fr").changeMarker()).isEqualTo(markerBefore);
        assertThat(mailboxes("ch-zip.mssante.fr").get("b@ch-zip.mssante.fr").service()).isEqualTo("Service B renamed");
    }

    @Test
    void mailboxesNoLongerListedAreWithdrawnButRedListedOnesAndMassWithdrawalsAreNot() throws Exception {
        List<String> rows = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            rows.add(org("s" + i + "@ch-w.mssante.fr", "Service " + i, "1750000001"));
        }
        Path file = ExtractionFixture.write(dir.resolve("w.txt"), rows);
        loader().load(file);
        // A red-listed mailbox, known from another source: the public extraction never lists it.
        pool.modify(mirror.layout().mailboxDn("s19@ch-w.mssante.fr").toString(),
                new com.unboundid.ldap.sdk.Modification(com.unboundid.ldap.sdk.ModificationType.REPLACE,
                        "mssListeRouge", "TRUE"));

        ExtractionFixture.write(file, rows.subList(0, 18));
        LoadReport second = loader().load(file);

        assertThat(second.withdrawnMailboxes()).isEqualTo(1);
        Map<String, DirectoryMailbox> state = mailboxes("ch-w.mssante.fr");
        assertThat(state.get("s18@ch-w.mssante.fr").published()).isFalse();
        assertThat(state.get("s19@ch-w.mssante.fr").published()).isTrue();

        ExtractionFixture.write(file, rows.subList(0, 2));
        LoadReport shrunk = loader().load(file);

        assertThat(shrunk.withdrawnMailboxes()).isZero();
        assertThat(shrunk.withdrawalSkippedReason()).contains("no longer lists 16 of");
        assertThat(mailboxes("ch-w.mssante.fr").get("s5@ch-w.mssante.fr").published()).isTrue();

        ExtractionFixture.write(file, rows);
        loader().load(file);
        assertThat(mailboxes("ch-w.mssante.fr").get("s18@ch-w.mssante.fr").published()).isTrue();
    }
}
