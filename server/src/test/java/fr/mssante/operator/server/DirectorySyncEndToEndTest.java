package fr.mssante.operator.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.nio.file.Path;
import java.util.List;

import org.apache.james.GuiceJamesServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.unboundid.ldap.sdk.LDAPConnection;

import fr.mssante.operator.directory.mirror.EmbeddedMirror;
import fr.mssante.operator.directory.sync.MailboxRegistryClient;
import fr.mssante.operator.directory.sync.SyncEngine;
import fr.mssante.operator.directory.sync.SyncOptions;
import fr.mssante.operator.directory.sync.SyncProgress;
import fr.mssante.operator.directory.sync.SyncRunReport;

/**
 * directory-sync against the real server: the LDAP mirror (sample directory, on a port) drives the mailbox
 * registry through the James WebAdmin route, with JWT, and a second run plans nothing.
 */
class DirectorySyncEndToEndTest {
    static final String DOMAIN = "demo.mssante.test";

    @TempDir
    Path root;
    GuiceJamesServer server;

    @AfterEach
    void stop() {
        if (server != null) {
            server.stop();
        }
    }

    @Test
    void mirrorCreatesTheMailboxesWithTheirTypesAndASecondRunPlansNothing() throws Exception {
        TestHome home = TestHome.install(root, DOMAIN);
        server = MssanteServerMain.start(home.root().toFile());
        home.webAdmin().ensureDomain(DOMAIN);
        MailboxRegistryClient registry = new MailboxRegistryClient(URI.create("http://127.0.0.1:" + home.port(8000)),
            home.adminToken(), MailboxRegistryClient.RetryPolicy.defaults());

        try (EmbeddedMirror mirror = EmbeddedMirror.startDemo(0); LDAPConnection ldap = mirror.connect()) {
            SyncEngine engine = new SyncEngine(ldap, mirror.layout(), registry, root.resolve("sync-state"), SyncProgress.NONE);
            SyncRunReport first = engine.run(SyncOptions.of(List.of(DOMAIN)));
            assertThat(first.status()).isEqualTo(SyncRunReport.Status.SUCCESS);
            assertThat(first.outcome(SyncRunReport.Outcome.APPLIED)).isEqualTo(3);

            String mailboxes = home.webAdmin().get("/mssante/mailboxes?domain=" + DOMAIN).body();
            assertThat(mailboxes).contains("\"address\":\"medecin@demo.mssante.test\",\"type\":\"PER\"",
                "\"address\":\"cardiologie@demo.mssante.test\",\"type\":\"ORG\"", "\"address\":\"dpi@demo.mssante.test\",\"type\":\"APP\"");
            assertThat(home.webAdmin().get("/users").body()).contains("medecin@demo.mssante.test", "dpi@demo.mssante.test");

            SyncRunReport second = engine.run(SyncOptions.of(List.of(DOMAIN)).withFull(true));
            assertThat(second.status()).isEqualTo(SyncRunReport.Status.SUCCESS);
            assertThat(second.plannedTotal()).isZero();
        }
    }
}
