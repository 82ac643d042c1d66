package fr.mssante.operator.directory.openldap;

import com.unboundid.ldap.sdk.LDAPConnection;
import com.unboundid.ldap.sdk.LDAPConnectionOptions;
import com.unboundid.ldap.sdk.LDAPConnectionPool;
import com.unboundid.ldap.sdk.SimpleBindRequest;
import fr.mssante.operator.directory.load.ExtractionFixture;
import fr.mssante.operator.directory.load.ExtractionLdifExporter;
import fr.mssante.operator.directory.load.ExtractionLoader;
import fr.mssante.operator.directory.load.LoadReport;
import fr.mssante.operator.directory.mirror.DirectoryMailbox;
import fr.mssante.operator.directory.mirror.MirrorConnector;
import fr.mssante.operator.directory.mirror.MirrorPki;
import fr.mssante.operator.directory.mirror.MirrorLayout;
import fr.mssante.operator.directory.mirror.MirrorReader;
import fr.mssante.operator.directory.mirror.MirrorWriter.Outcome;
import fr.mssante.operator.directory.sync.FakeMailboxRegistryServer;
import fr.mssante.operator.directory.sync.MailboxRegistryClient;
import fr.mssante.operator.directory.sync.PlannedAction.Kind;
import fr.mssante.operator.directory.sync.SyncEngine;
import fr.mssante.operator.directory.sync.SyncOptions;
import fr.mssante.operator.directory.sync.SyncProgress;
import fr.mssante.operator.directory.sync.SyncRunReport;
import fr.mssante.operator.directory.sync.SyncRunReport.Status;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Collectors;

import static fr.mssante.operator.directory.load.ExtractionFixture.org;
import static fr.mssante.operator.directory.load.ExtractionFixture.per;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * The mirror as production runs it: Debian's OpenLDAP slapd on a loopback port, with our schema and indexes
 * (conf/ldap/openldap-mirror.sh). Skipped, with the reason, when slapd is not installed.
 */
class OpenLdapMirrorTest {
    private static final String OWN = "ch-slapd.mssante.fr";
    private static final String TOKEN = "test-jwt-token";
    /** OpenLDAP stamps modifyTimestamp to the second: waiting this long puts later writes in a later second. */
    private static final long NEXT_SECOND_MILLIS = 1_100;

    @TempDir
    Path dir;
    private SlapdMirror slapd;
    private LDAPConnectionPool pool;
    private FakeMailboxRegistryServer server;
    private final MirrorLayout layout = MirrorLayout.defaults();

    @BeforeAll
    static void slapdInstalled() {
        String missing = SlapdMirror.missing();
        assumeTrue(missing == null, missing);
    }

    @AfterEach
    void stop() throws Exception {
        if (pool != null) {
            pool.close();
        }
        if (server != null) {
            server.close();
        }
        if (slapd != null) {
            slapd.close();
        }
    }

    private void start(String... mode) throws Exception {
        slapd = SlapdMirror.start(dir.resolve("slapd"), mode);
        pool = slapd.pool(4);
        server = new FakeMailboxRegistryServer(Set.of(OWN, "demo.mssante.test"), TOKEN);
    }

    private LoadReport load(Path file) throws Exception {
        return new ExtractionLoader(pool, layout, 2, 2, 0.5, line -> { }).load(file);
    }

    private SyncRunReport sync(SyncOptions options) throws Exception {
        MailboxRegistryClient client = new MailboxRegistryClient(server.uri(), TOKEN,
                new MailboxRegistryClient.RetryPolicy(3, Duration.ofMillis(5), Duration.ofMillis(20)));
        return new SyncEngine(pool, layout, client, dir.resolve("state"), SyncProgress.NONE).run(options);
    }

    /** Page size 2: OpenLDAP's simple paged results, over several pages. */
    private static SyncOptions options(String domain) {
        return SyncOptions.of(List.of(domain)).withClockSkew(Duration.ofSeconds(1)).withPageSize(2)
                .withMaxSuspensionShare(0.5);
    }

    private Map<String, DirectoryMailbox> mirrorMailboxes(String domain) throws Exception {
        List<DirectoryMailbox> all = new ArrayList<>();
        new MirrorReader(pool, layout, 2).forEachMailbox(Set.of(domain), null, all::add);
        return all.stream().collect(Collectors.toMap(DirectoryMailbox::address, Function.identity()));
    }

    private static List<String> day1() {
        return List.of(per("anne@" + OWN, "10000000001", "ANNE", "1750000001"),
                per("bruno@" + OWN, "10000000002", "BRUNO", "1750000001"),
                org("urgences@" + OWN, "Urgences", "1750000001"),
                per("autre@ch-autre.mssante.fr", "10000000003", "AUTRE", "1750000002"));
    }

    @Test
    void schemaAndSampleLoadIntoSlapdAndTheDemoSyncCreatesTheDemoMailboxes() throws Exception {
        start("--sample");

        SyncRunReport first = sync(options("demo.mssante.test"));

        assertThat(first.status()).isEqualTo(Status.SUCCESS);
        assertThat(server.snapshot().keySet()).containsExactlyInAnyOrder("medecin@demo.mssante.test",
                "cardiologie@demo.mssante.test", "dpi@demo.mssante.test");
        assertThat(server.mailbox("medecin@demo.mssante.test").get("professionalId").asText()).isEqualTo("810001234567");
        assertThat(sync(options("demo.mssante.test")).plannedTotal()).isZero();
    }

    @Test
    void fullThenIncrementalSyncByModifyTimestampAndIdempotenceAgainstSlapd() throws Exception {
        start();
        Path file = ExtractionFixture.write(dir.resolve("Extraction_Correspondance_MSSante.txt"), day1());
        LoadReport firstLoad = load(file);
        assertThat(firstLoad.mailboxes(Outcome.ADDED)).isEqualTo(4);
        assertThat(firstLoad.professionals(Outcome.ADDED)).isEqualTo(3);
        assertThat(firstLoad.structures(Outcome.ADDED)).isEqualTo(2);
        Thread.sleep(NEXT_SECOND_MILLIS);
        List<String> withNewcomer = new ArrayList<>(day1());
        withNewcomer.add(per("chloe@" + OWN, "10000000004", "CHLOE", "1750000001"));
        ExtractionFixture.write(file, withNewcomer);
        LoadReport secondLoad = load(file); // the newest entry is what the full run's marker will point at
        assertThat(secondLoad.mailboxes(Outcome.ADDED)).isEqualTo(1);
        assertThat(secondLoad.mailboxes(Outcome.UNCHANGED)).isEqualTo(4);
        Thread.sleep(NEXT_SECOND_MILLIS);

        SyncRunReport full = sync(options(OWN));

        assertThat(full.mode()).isEqualTo("FULL");
        assertThat(full.status()).isEqualTo(Status.SUCCESS);
        assertThat(full.planned(Kind.CREATE)).isEqualTo(4);
        assertThat(server.snapshot().keySet()).containsExactlyInAnyOrder("anne@" + OWN, "bruno@" + OWN,
                "urgences@" + OWN, "chloe@" + OWN);
        assertThat(server.mailbox("anne@" + OWN).get("structureId").asText()).isEqualTo("1750000001");

        // Idempotence: an unchanged file writes nothing (modifyTimestamp stays), and no run plans anything.
        Map<String, DirectoryMailbox> before = mirrorMailboxes(OWN);
        LoadReport reload = load(file);
        assertThat(reload.mailboxes(Outcome.UNCHANGED)).isEqualTo(5);
        assertThat(reload.mailboxes(Outcome.UPDATED) + reload.mailboxes(Outcome.ADDED)).isZero();
        assertThat(mirrorMailboxes(OWN)).isEqualTo(before);
        int writes = server.writes();
        assertThat(sync(options(OWN)).plannedTotal()).isZero();
        assertThat(sync(options(OWN).withFull(true)).plannedTotal()).isZero();
        assertThat(server.writes()).isEqualTo(writes);

        // Next day: bruno leaves the file (withdrawn), urgences is renamed.
        Thread.sleep(NEXT_SECOND_MILLIS);
        List<String> day2 = new ArrayList<>(withNewcomer);
        day2.remove(1);
        day2.set(1, org("urgences@" + OWN, "Urgences adultes", "1750000001"));
        ExtractionFixture.write(file, day2);
        LoadReport dayTwoLoad = load(file);
        assertThat(dayTwoLoad.mailboxes(Outcome.UPDATED)).isEqualTo(1);
        assertThat(dayTwoLoad.withdrawnMailboxes()).isEqualTo(1);

        SyncRunReport incremental = sync(options(OWN));

        assertThat(incremental.mode()).isEqualTo("INCREMENTAL");
        assertThat(incremental.status()).isEqualTo(Status.SUCCESS);
        // modifyTimestamp >= marker (chloe's second): chloe again, plus the two changed entries; not anne
        assertThat(incremental.mirrorEntriesRead()).isEqualTo(3);
        assertThat(incremental.planned(Kind.UPDATE)).isEqualTo(1);
        assertThat(incremental.planned(Kind.SUSPEND)).isEqualTo(1);
        assertThat(incremental.plannedTotal()).isEqualTo(2);
        assertThat(server.mailbox("urgences@" + OWN).get("service").asText()).isEqualTo("Urgences adultes");
        assertThat(server.mailbox("bruno@" + OWN).get("status").asText()).isEqualTo("SUSPENDED");
        assertThat(sync(options(OWN)).plannedTotal()).isZero();
        assertThat(sync(options(OWN).withFull(true)).plannedTotal()).isZero();
    }

    @Test
    void aBulkImportedMirrorIsUnchangedForTheDailyLoadAndSyncsLikeAnOnlineOne() throws Exception {
        Path file = ExtractionFixture.write(dir.resolve("Extraction_Correspondance_MSSante.txt"), day1());
        Path ldif = dir.resolve("mirror.ldif");
        LoadReport export = new ExtractionLdifExporter(layout, line -> { }).export(file, ldif);
        assertThat(export.mailboxes(Outcome.ADDED)).isEqualTo(4);

        start("--ldif", ldif.toString());

        LoadReport reload = load(file);
        assertThat(reload.mailboxes(Outcome.UNCHANGED)).isEqualTo(4);
        assertThat(reload.professionals(Outcome.UNCHANGED)).isEqualTo(3);
        assertThat(reload.structures(Outcome.UNCHANGED)).isEqualTo(2);
        assertThat(reload.mailboxes(Outcome.ADDED) + reload.mailboxes(Outcome.UPDATED)
                + reload.professionals(Outcome.UPDATED) + reload.structures(Outcome.UPDATED)).isZero();
        SyncRunReport full = sync(options(OWN));
        assertThat(full.planned(Kind.CREATE)).isEqualTo(3);
        assertThat(full.status()).isEqualTo(Status.SUCCESS);
        assertThat(sync(options(OWN)).plannedTotal()).isZero();
    }
    /** openldap-mirror.sh --tls: slapd serves ldaps:// and StartTLS with the operator's certificate. */
    @Test
    void slapdServesLdapsAndStartTlsThatTheConnectorChecks() throws Exception {
        MirrorPki.Issued ca = MirrorPki.ca("Mirror CA");
        Path chain = dir.resolve("mirror-chain.pem");
        Path key = dir.resolve("mirror-key.pem");
        MirrorPki.writeServerPem(MirrorPki.server(ca, "slapd", "127.0.0.1"), chain, key);
        Path caPem = MirrorPki.writePem(dir.resolve("ca.pem"), ca.certificate());
        Path otherCa = MirrorPki.writePem(dir.resolve("other-ca.pem"), MirrorPki.ca("Other CA").certificate());
        int ldapsPort = SlapdMirror.freePort();
        start("--sample", "--tls", chain.toString(), key.toString(), String.valueOf(ldapsPort));
        SimpleBindRequest bind = new SimpleBindRequest(SlapdMirror.ROOT_DN, slapd.adminPassword());
        String ldaps = "ldaps://127.0.0.1:" + ldapsPort;
        String startTls = "ldap://127.0.0.1:" + slapd.port();

        for (MirrorConnector connector : List.of(new MirrorConnector(ldaps, false, caPem),
                new MirrorConnector(startTls, true, caPem))) {
            try (LDAPConnectionPool tls = connector.pool(bind, 1, new LDAPConnectionOptions())) {
                LDAPConnection connection = tls.getConnection();
                assertThat(connection.getSSLSession().getPeerPrincipal().getName()).isEqualTo("CN=slapd,O=MSSante test");
                assertThat(connection.getEntry(layout.mailboxDn("medecin@demo.mssante.test").toString())).isNotNull();
                tls.releaseConnection(connection);
            }
        }
        assertThatThrownBy(() -> new MirrorConnector(ldaps, false, otherCa).pool(bind, 1, new LDAPConnectionOptions()))
                .hasMessageStartingWith("TLS to the mirror " + ldaps + " failed: the mirror's certificate"
                        + " 'CN=slapd,O=MSSante test' (issuer 'CN=Mirror CA,O=MSSante test') is not trusted by"
                        + " --ldap-ca-file " + otherCa);
    }
}
