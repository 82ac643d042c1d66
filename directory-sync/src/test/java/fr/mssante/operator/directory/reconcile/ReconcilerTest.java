package fr.mssante.operator.directory.reconcile;

import com.unboundid.ldap.sdk.LDAPConnection;
import fr.mssante.operator.directory.mirror.EmbeddedMirror;
import fr.mssante.operator.directory.sync.FakeMailboxRegistryServer;
import fr.mssante.operator.directory.sync.MailboxRegistryClient;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;

import static fr.mssante.operator.directory.reconcile.ReconciliationReport.Category.*;
import static org.assertj.core.api.Assertions.assertThat;

class ReconcilerTest {
    @TempDir
    Path dir;

    @Test
    void reportsPublishedButMissingOrInactiveAndActiveButUnpublishedAsCsvAndJson() throws Exception {
        try (EmbeddedMirror mirror = EmbeddedMirror.startDemo(0);
             LDAPConnection ldap = new LDAPConnection("127.0.0.1", mirror.port());
             FakeMailboxRegistryServer server = new FakeMailboxRegistryServer(Set.of("demo.mssante.test"), null)) {
            // medecin@ is missing here, cardiologie@ is suspended, dpi@ is fine, orphelin@ is not published.
            server.seed("cardiologie@demo.mssante.test", "ORG", "SUSPENDED", "décision, opérateur \"X\"");
            server.seed("dpi@demo.mssante.test", "APP", "ACTIVE", null);
            server.seed("orphelin@demo.mssante.test", "PER", "ACTIVE", null);
            MailboxRegistryClient client = new MailboxRegistryClient(server.uri(), null,
                    MailboxRegistryClient.RetryPolicy.defaults());

            ReconciliationReport report = new Reconciler(ldap, mirror.layout(), client, 2)
                    .reconcile(List.of("demo.mssante.test"));

            assertThat(report.findings()).extracting(ReconciliationReport.Finding::category,
                    ReconciliationReport.Finding::address).containsExactly(
                    org.assertj.core.groups.Tuple.tuple(PUBLISHED_MISSING, "medecin@demo.mssante.test"),
                    org.assertj.core.groups.Tuple.tuple(PUBLISHED_INACTIVE, "cardiologie@demo.mssante.test"),
                    org.assertj.core.groups.Tuple.tuple(ACTIVE_NOT_PUBLISHED, "orphelin@demo.mssante.test"));
            assertThat(report.publishedInDirectory()).isEqualTo(3);
            assertThat(report.activeOnServer()).isEqualTo(2);

            Path csv = dir.resolve("r.csv");
            Path json = dir.resolve("r.json");
            report.writeCsv(csv);
            report.writeJson(json);
            assertThat(Files.readAllLines(csv)).containsExactly(
                    "category,address,type,directory,server,listeRouge,suspensionReason",
                    "PUBLISHED_MISSING,medecin@demo.mssante.test,PER,published,absent,false,",
                    "PUBLISHED_INACTIVE,cardiologie@demo.mssante.test,ORG,published,SUSPENDED,false,"
                            + "\"décision, opérateur \"\"X\"\"\"",
                    "ACTIVE_NOT_PUBLISHED,orphelin@demo.mssante.test,PER,absent,ACTIVE,false,");
            assertThat(Files.readString(json)).contains("\"PUBLISHED_MISSING\" : 1", "\"orphelin@demo.mssante.test\"");
        }
    }
}
