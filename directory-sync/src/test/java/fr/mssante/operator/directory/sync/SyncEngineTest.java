package fr.mssante.operator.directory.sync;

import com.fasterxml.jackson.databind.JsonNode;
import com.unboundid.ldap.sdk.LDAPConnection;
import com.unboundid.ldap.sdk.LDAPConnectionPool;
import com.unboundid.ldap.sdk.LDAPException;
import fr.mssante.operator.directory.mirror.BalType;
import fr.mssante.operator.directory.mirror.EmbeddedMirror;
import fr.mssante.operator.directory.mirror.MirrorLayout;
import fr.mssante.operator.directory.sync.PlannedAction.Kind;
import fr.mssante.operator.directory.sync.SyncRunReport.Status;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

class SyncEngineTest {
    private static final String DEMO = "demo.mssante.test";
    private static final String TOKEN = "test-jwt-token";

    @TempDir
    Path stateDir;
    private EmbeddedMirror mirror;
    private LDAPConnectionPool pool;
    private FakeMailboxRegistryServer server;
    private MirrorFixture fixture;

    @AfterEach
    void stop() {
        if (pool != null) {
            pool.close();
        }
        if (mirror != null) {
            mirror.close();
        }
        if (server != null) {
            server.close();
        }
    }

    private void start(EmbeddedMirror started) throws Exception {
        mirror = started;
        pool = new LDAPConnectionPool(new LDAPConnection("127.0.0.1", mirror.port()), 1);
        server = new FakeMailboxRegistryServer(Set.of(DEMO), TOKEN);
        fixture = new MirrorFixture(pool, mirror.layout());
    }

    private void startEmpty() throws Exception {
        start(EmbeddedMirror.start(0, MirrorLayout.defaults(), List.of()));
    }

    private SyncEngine engine(SyncProgress progress) {
        MailboxRegistryClient client = new MailboxRegistryClient(server.uri(), TOKEN,
                new MailboxRegistryClient.RetryPolicy(3, Duration.ofMillis(5), Duration.ofMillis(20)));
        return new SyncEngine(pool, mirror.layout(), client, stateDir, progress);
    }

    private SyncRunReport run(SyncOptions options) throws Exception {
        return engine(SyncProgress.NONE).run(options);
    }

    private static SyncOptions options() {
        return SyncOptions.of(List.of(DEMO)).withClockSkew(Duration.ZERO).withPageSize(7);
    }

    private void addMailboxes(int count) throws LDAPException {
        for (int i = 0; i < count; i++) {
            fixture.add(String.format("bal%03d@%s", i, DEMO), BalType.ORG, "Service " + i, false);
        }
    }

    @Test
    void firstSyncOfTheDemoMirrorCreatesTheDemoMailboxesAndASecondRunPlansNothing() throws Exception {
        start(EmbeddedMirror.startDemo(0));

        SyncRunReport first = run(options());

        assertThat(first.status()).isEqualTo(Status.SUCCESS);
        assertThat(first.mode()).isEqualTo("FULL");
        assertThat(first.planned(Kind.CREATE)).isEqualTo(3);
        assertThat(server.snapshot().keySet()).containsExactlyInAnyOrder("medecin@demo.mssante.test",
                "cardiologie@demo.mssante.test", "dpi@demo.mssante.test");
        JsonNode medecin = server.mailbox("medecin@demo.mssante.test");
        assertThat(medecin.get("type").asText()).isEqualTo("PER");
        assertThat(medecin.get("displayName").asText()).isEqualTo("DR Jean DUPONT");
        assertThat(medecin.get("professionalId").asText()).isEqualTo("810001234567");
        assertThat(medecin.get("directoryChangeMarker").asText()).endsWith("Z");
        assertThat(server.mailbox("dpi@demo.mssante.test").get("responsible").asText())
                .isEqualTo("Direction des systèmes d'information");
        assertThat(Files.list(stateDir.resolve("runs"))).hasSize(1);
        int writes = server.writes();

        SyncRunReport incremental = run(options());
        SyncRunReport full = run(options().withFull(true));

        assertThat(incremental.mode()).isEqualTo("INCREMENTAL");
        assertThat(incremental.plannedTotal()).isZero();
        assertThat(full.plannedTotal()).isZero();
        assertThat(server.writes()).isEqualTo(writes);
    }

    @Test
    void incrementalRunReadsOnlyChangedEntriesAndAppliesCreateUpdateSuspendReactivate() throws Exception {
        startEmpty();
        addMailboxes(20);
        // An incremental run re-reads the entries stamped in the marker's millisecond (>=, so that none is missed): on a
        // fast machine many of the 20 shared it. One entry changed alone afterwards makes the marker its own.
        Thread.sleep(20);
        fixture.set("bal019@" + DEMO, "mssService", "Pédiatrie");
        assertThat(run(options()).planned(Kind.CREATE)).isEqualTo(20);
        Thread.sleep(20); // modifyTimestamp has millisecond resolution: later changes get a later stamp

        fixture.set("bal001@" + DEMO, "mssService", "Urgences");
        fixture.withdraw("bal002@" + DEMO);
        fixture.add("nouveau@" + DEMO, BalType.PER, "Dr Nouveau", false);
        SyncRunReport incremental = run(options().withConfirmSuspensions(true));

        assertThat(incremental.mode()).isEqualTo("INCREMENTAL");
        assertThat(incremental.mirrorEntriesRead()).isLessThan(10);
        assertThat(incremental.actions()).extracting(SyncRunReport.ActionResult::kind, SyncRunReport.ActionResult::address)
                .containsExactlyInAnyOrder(
                        org.assertj.core.groups.Tuple.tuple(Kind.CREATE, "nouveau@" + DEMO),
                        org.assertj.core.groups.Tuple.tuple(Kind.UPDATE, "bal001@" + DEMO),
                        org.assertj.core.groups.Tuple.tuple(Kind.SUSPEND, "bal002@" + DEMO));
        assertThat(server.mailbox("bal001@" + DEMO).get("service").asText()).isEqualTo("Urgences");
        assertThat(server.mailbox("bal002@" + DEMO).get("status").asText()).isEqualTo("SUSPENDED");
        assertThat(server.mailbox("bal002@" + DEMO).get("suspensionReason").asText()).startsWith("directory-sync:");
        Thread.sleep(20);

        fixture.set("bal002@" + DEMO, "mssPublicationStatus", "published");
        SyncRunReport republished = run(options());

        assertThat(republished.actions()).extracting(SyncRunReport.ActionResult::kind).containsExactly(Kind.REACTIVATE);
        assertThat(server.mailbox("bal002@" + DEMO).get("status").asText()).isEqualTo("ACTIVE");
        assertThat(run(options()).plannedTotal()).isZero();
    }

    @Test
    void redListedEntriesAreHostedMailboxesCarryingTheFlag() throws Exception {
        startEmpty();
        fixture.add("discret@" + DEMO, BalType.PER, "Dr Discret", true);

        run(options());
        assertThat(server.mailbox("discret@" + DEMO).get("listeRouge").asBoolean()).isTrue();
        assertThat(server.mailbox("discret@" + DEMO).get("status").asText()).isEqualTo("ACTIVE");
        Thread.sleep(20);

        fixture.set("discret@" + DEMO, "mssListeRouge", "FALSE");
        SyncRunReport update = run(options());

        assertThat(update.actions()).singleElement().satisfies(a -> {
            assertThat(a.kind()).isEqualTo(Kind.UPDATE);
            assertThat(a.detail()).contains("listeRouge 'true' -> 'false'");
        });
        assertThat(server.mailbox("discret@" + DEMO).get("listeRouge").asBoolean()).isFalse();
    }

    @Test
    void suspendingMoreThanTheAllowedShareStopsUntilConfirmed() throws Exception {
        startEmpty();
        addMailboxes(40);
        run(options());
        Thread.sleep(20);
        for (int i = 0; i < 3; i++) {
            fixture.withdraw(String.format("bal%03d@%s", i, DEMO)); // 3 of 40 = 7.5 % > 5 %
        }

        SyncRunReport blocked = run(options());

        assertThat(blocked.status()).isEqualTo(Status.BLOCKED_BY_GUARDRAIL);
        assertThat(blocked.error()).contains("suspends 3 of 40 active mailboxes", "--confirm-suspensions");
        assertThat(server.snapshot().values()).allSatisfy(m -> assertThat(m.get("status").asText()).isEqualTo("ACTIVE"));

        SyncRunReport dryRun = run(options().withDryRun(true));
        assertThat(dryRun.status()).isEqualTo(Status.DRY_RUN);
        assertThat(dryRun.planned(Kind.SUSPEND)).isEqualTo(3);

        SyncRunReport confirmed = run(options().withConfirmSuspensions(true));

        assertThat(confirmed.status()).isEqualTo(Status.SUCCESS);
        assertThat(server.snapshot().values().stream().filter(m -> m.get("status").asText().equals("SUSPENDED")))
                .hasSize(3);
        assertThat(run(options()).plannedTotal()).isZero();
    }

    @Test
    void serverOutageMidRunLeavesAConsistentStateAndTheNextRunResumes() throws Exception {
        startEmpty();
        addMailboxes(30);
        server.outageAfterWrites(12);

        SyncRunReport failed = run(options());

        assertThat(failed.status()).isEqualTo(Status.FAILED);
        assertThat(failed.error()).contains("server unavailable after 12 of 30 actions");
        assertThat(failed.outcome(SyncRunReport.Outcome.APPLIED)).isEqualTo(12);
        assertThat(failed.outcome(SyncRunReport.Outcome.NOT_APPLIED)).isEqualTo(18);
        assertThat(server.snapshot()).hasSize(12);
        assertThat(stateDir.resolve("sync-state.json")).doesNotExist();

        server.heal();
        SyncRunReport resumed = run(options());

        assertThat(resumed.status()).isEqualTo(Status.SUCCESS);
        assertThat(resumed.planned(Kind.CREATE)).isEqualTo(18);
        assertThat(server.snapshot()).hasSize(30);
        assertThat(run(options()).plannedTotal()).isZero();
    }

    @Test
    void transient503AndDroppedConnectionsAreRetried() throws Exception {
        startEmpty();
        addMailboxes(5);
        server.failNext(2);

        SyncRunReport first = run(options());
        assertThat(first.status()).isEqualTo(Status.SUCCESS);

        Thread.sleep(20);
        fixture.set("bal003@" + DEMO, "displayName", "Renamed");
        server.dropNext(2);
        SyncRunReport second = run(options());

        assertThat(second.status()).isEqualTo(Status.SUCCESS);
        assertThat(server.mailbox("bal003@" + DEMO).get("displayName").asText()).isEqualTo("Renamed");
        assertThat(server.snapshot()).hasSize(5);
    }

    @Test
    void ldapOutageWhileReadingAppliesNothingAndTheNextRunSucceeds() throws Exception {
        startEmpty();
        addMailboxes(30);
        SyncProgress cutTheMirror = new SyncProgress() {
            @Override
            public void mirrorEntryRead(long count) {
                if (count == 10) {
                    mirror.stopListening();
                }
            }
        };

        SyncRunReport failed = engine(cutTheMirror).run(options());

        assertThat(failed.status()).isEqualTo(Status.FAILED);
        assertThat(failed.error()).startsWith("LDAP mirror unavailable while reading (nothing applied)");
        assertThat(server.writes()).isZero();
        assertThat(stateDir.resolve("sync-state.json")).doesNotExist();

        mirror.resumeListening();
        SyncRunReport resumed = run(options());

        assertThat(resumed.status()).isEqualTo(Status.SUCCESS);
        assertThat(server.snapshot()).hasSize(30);
    }

    @Test
    void fullRunSuspendsUnpublishedMailboxesButNeverLiftsAnOperatorSuspension() throws Exception {
        startEmpty();
        addMailboxes(3);
        server.seed("inconnu@" + DEMO, "ORG", "ACTIVE", null);
        server.seed("bal001@" + DEMO, "ORG", "SUSPENDED", "décision opérateur: compte compromis");

        SyncRunReport report = run(options().withMaxSuspensionShare(1.0));

        assertThat(report.actions()).extracting(SyncRunReport.ActionResult::kind, SyncRunReport.ActionResult::address)
                .containsExactlyInAnyOrder(
                        org.assertj.core.groups.Tuple.tuple(Kind.CREATE, "bal000@" + DEMO),
                        org.assertj.core.groups.Tuple.tuple(Kind.CREATE, "bal002@" + DEMO),
                        org.assertj.core.groups.Tuple.tuple(Kind.UPDATE, "bal001@" + DEMO),
                        org.assertj.core.groups.Tuple.tuple(Kind.SUSPEND, "inconnu@" + DEMO));
        assertThat(server.mailbox("bal001@" + DEMO).get("status").asText()).isEqualTo("SUSPENDED");
        assertThat(server.mailbox("inconnu@" + DEMO).get("suspensionReason").asText())
                .isEqualTo("directory-sync: not published in the Annuaire Santé");
    }

    @Test
    void aMailboxTheServerRefusesFailsAloneAndTheMarkerStays() throws Exception {
        startEmpty();
        addMailboxes(2);
        fixture.add("x@autre.demo.mssante.test", BalType.ORG, "Pas un domaine James", false);

        SyncRunReport report = run(SyncOptions.of(List.of(DEMO, "autre.demo.mssante.test"))
                .withClockSkew(Duration.ZERO));

        assertThat(report.status()).isEqualTo(Status.PARTIAL);
        assertThat(report.actions()).filteredOn(a -> a.outcome() == SyncRunReport.Outcome.REJECTED).singleElement()
                .satisfies(a -> assertThat(a.error()).contains("400", "not a James domain"));
        assertThat(server.snapshot()).hasSize(2);
        assertThat(stateDir.resolve("sync-state.json")).doesNotExist();
    }

    @Test
    void aWrongTokenIsReportedAndNothingIsApplied() throws Exception {
        startEmpty();
        addMailboxes(2);
        MailboxRegistryClient wrongToken = new MailboxRegistryClient(server.uri(), "not-the-token",
                MailboxRegistryClient.RetryPolicy.defaults());

        SyncRunReport report = new SyncEngine(pool, mirror.layout(), wrongToken, stateDir, SyncProgress.NONE)
                .run(options());

        assertThat(report.status()).isEqualTo(Status.FAILED);
        assertThat(report.error()).contains("401");
        assertThat(server.snapshot()).isEmpty();
    }
}
