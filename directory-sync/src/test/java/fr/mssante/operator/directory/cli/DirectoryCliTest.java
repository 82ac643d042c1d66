package fr.mssante.operator.directory.cli;

import fr.mssante.operator.directory.load.ExtractionFixture;
import fr.mssante.operator.directory.mirror.EmbeddedMirror;
import fr.mssante.operator.directory.mirror.TlsMirror;
import fr.mssante.operator.directory.sync.FakeMailboxRegistryServer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

import static fr.mssante.operator.directory.load.ExtractionFixture.org;
import static org.assertj.core.api.Assertions.assertThat;

class DirectoryCliTest {
    @TempDir
    Path dir;
    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();

    private int run(String... args) {
        out.reset();
        err.reset();
        return new DirectoryCli(new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8)).run(args);
    }

    private String out() {
        return out.toString(StandardCharsets.UTF_8);
    }

    @Test
    void loadDryRunSyncAndReconcileAgainstAMirrorAndAServerOnPorts() throws Exception {
        try (EmbeddedMirror mirror = EmbeddedMirror.startDemo(0);
             FakeMailboxRegistryServer server = new FakeMailboxRegistryServer(Set.of("demo.mssante.test"), "jwt-123")) {
            Path token = Files.writeString(dir.resolve("webadmin.jwt"), "jwt-123\n");
            List<String> common = List.of("--ldap-url", mirror.ldapUrl(), "--webadmin-url", server.uri().toString(),
                    "--webadmin-token-file", token.toString(), "--state-dir", dir.resolve("state").toString());
            Path extraction = ExtractionFixture.write(dir.resolve("extraction.txt"), List.of(
                    org("urgences@demo.mssante.test", "Urgences", "1750000001"), "broken|line"));

            assertThat(run(args("load", extraction.toString(), common))).isEqualTo(0);
            assertThat(out()).contains("line 3: REJECTED: expected 31 fields", "report: ");

            assertThat(run(args("sync", "--dry-run", common))).isEqualTo(0);
            assertThat(out()).contains("CREATE", "urgences@demo.mssante.test", "medecin@demo.mssante.test", "DRY_RUN");
            assertThat(server.snapshot()).isEmpty();

            assertThat(run(args("sync", common))).isEqualTo(0);
            assertThat(out()).contains("[APPLIED] CREATE", "SUCCESS");
            assertThat(server.snapshot()).hasSize(4);

            server.seed("orphelin@demo.mssante.test", "ORG", "ACTIVE", null);
            assertThat(run(args("reconcile", common))).isEqualTo(0);
            assertThat(out()).contains("ACTIVE_NOT_PUBLISHED orphelin@demo.mssante.test");
            try (var files = Files.list(dir.resolve("state"))) {
                assertThat(files.map(p -> p.getFileName().toString()))
                        .anyMatch(n -> n.startsWith("reconciliation-") && n.endsWith(".csv"))
                        .anyMatch(n -> n.startsWith("reconciliation-") && n.endsWith(".json"));
            }

            // 1 of 5 active mailboxes would be suspended: 20 % > 5 %, the run stops with exit code 3.
            assertThat(run(args("sync", "--full", common))).isEqualTo(3);
            assertThat(out()).contains("BLOCKED_BY_GUARDRAIL", "--confirm-suspensions");
            assertThat(run(args("sync", "--full", "--confirm-suspensions", common))).isEqualTo(0);
            assertThat(server.mailbox("orphelin@demo.mssante.test").get("status").asText()).isEqualTo("SUSPENDED");
        }
    }

    @Test
    void badUsageIsExplained() {
        assertThat(run("sync", "--frobnicate")).isEqualTo(2);
        assertThat(err.toString(StandardCharsets.UTF_8)).contains("unknown option --frobnicate", "Usage:");
        assertThat(run("load")).isEqualTo(2);
        assertThat(err.toString(StandardCharsets.UTF_8)).contains("load needs exactly one FILE");
    }

    @Test
    void exportLdifWritesTheMirrorFileAndItsReportAndNeverOverwrites() throws Exception {
        Path extraction = ExtractionFixture.write(dir.resolve("Extraction_Correspondance_MSSante.txt"),
                List.of(org("accueil@ch-cli.mssante.fr", "Accueil", "1750000001"), "ORG|broken"));
        Path ldif = dir.resolve("mirror.ldif");
        String state = dir.resolve("state").toString();

        assertThat(run("export-ldif", extraction.toString(), "--out", ldif.toString(), "--state-dir", state))
                .isEqualTo(0);

        assertThat(out()).contains("line 3: REJECTED", "slapadd -q -F <slapd.d> -b o=annuaire-sante,c=fr -l " + ldif);
        assertThat(Files.readString(ldif)).contains("dn: ou=mailboxes,o=annuaire-sante,c=fr",
                "dn: mssAddress=accueil@ch-cli.mssante.fr,ou=mailboxes,o=annuaire-sante,c=fr", "mssContentHash: ");
        assertThat(Files.list(dir.resolve("state").resolve("loads")))
                .singleElement().asString().contains("export-ldif-");
        assertThat(run("export-ldif", extraction.toString(), "--out", ldif.toString(), "--state-dir", state))
                .isEqualTo(1);
        assertThat(err.toString(StandardCharsets.UTF_8)).contains("already exists");
        assertThat(run("export-ldif", extraction.toString())).isEqualTo(2);
        assertThat(err.toString(StandardCharsets.UTF_8)).contains("--out mirror.ldif");
    }

    @Test
    void loadsAndSyncsOverLdapsAndStartTlsWithTheMirrorsCaAndRefusesAnotherCa() throws Exception {
        try (TlsMirror tls = new TlsMirror(dir);
             FakeMailboxRegistryServer server = new FakeMailboxRegistryServer(Set.of("ch-tls.mssante.fr"), "jwt-123")) {
            Path password = Files.writeString(dir.resolve("bind.password"), TlsMirror.BIND_PASSWORD + "\n");
            Path token = Files.writeString(dir.resolve("webadmin.jwt"), "jwt-123\n");
            List<String> bind = List.of("--bind-dn", TlsMirror.BIND_DN, "--bind-password-file", password.toString(),
                    "--state-dir", dir.resolve("state").toString());
            Path extraction = ExtractionFixture.write(dir.resolve("extraction.txt"), List.of(
                    org("urgences@ch-tls.mssante.fr", "Urgences", "1750000001")));

            assertThat(run(args("load", extraction.toString(), "--ldap-url", tls.ldapsUrl(), "--ldap-ca-file",
                    tls.caPem.toString(), bind))).isEqualTo(0);
            assertThat(tls.mirror.server().getEntry(tls.mirror.layout().mailboxDn("urgences@ch-tls.mssante.fr")
                    .toString())).isNotNull();

            assertThat(run(args("sync", "--ldap-url", tls.startTlsUrl(), "--ldap-starttls", "--ldap-ca-file",
                    tls.caPem.toString(), "--domains", "ch-tls.mssante.fr", "--webadmin-url", server.uri().toString(),
                    "--webadmin-token-file", token.toString(), bind))).isEqualTo(0);
            assertThat(out()).contains("[APPLIED] CREATE", "urgences@ch-tls.mssante.fr", "SUCCESS");
            assertThat(err.toString(StandardCharsets.UTF_8)).doesNotContain("WARNING");

            assertThat(run(args("load", extraction.toString(), "--ldap-url", tls.ldapsUrl(), "--ldap-ca-file",
                    tls.otherCaPem.toString(), bind))).isEqualTo(1);
            assertThat(err.toString(StandardCharsets.UTF_8)).contains("LDAP mirror error: TLS to the mirror "
                    + tls.ldapsUrl() + " failed: the mirror's certificate 'CN=mirror,O=MSSante test'", "other-ca.pem");
        }
    }

    @Test
    void aBindPasswordInClearToARemoteMirrorIsRefusedUnlessAllowed() throws Exception {
        Path password = Files.writeString(dir.resolve("bind.password"), "secret\n");
        List<String> remote = List.of("--ldap-url", "ldap://mirror.invalid:389", "--bind-dn", "cn=sync",
                "--bind-password-file", password.toString(), "--state-dir", dir.resolve("state").toString());

        assertThat(run(args("reconcile", remote))).isEqualTo(2);
        assertThat(err.toString(StandardCharsets.UTF_8)).contains("directory: refusing to send the bind password in"
                + " clear to ldap://mirror.invalid:389: use ldaps:// or --ldap-starttls");

        // Allowed: loud warning, then the (unreachable) mirror is tried.
        assertThat(run(args("reconcile", "--ldap-allow-plaintext", remote))).isEqualTo(1);
        assertThat(err.toString(StandardCharsets.UTF_8)).contains("[directory] WARNING: the mirror"
                + " ldap://mirror.invalid:389 is reached without TLS: the bind password", "LDAP mirror error");
    }

    /** The command, its own arguments, then the options pointing at the test mirror and server. */
    private static String[] args(Object... parts) {
        List<String> all = new ArrayList<>();
        for (Object part : parts) {
            if (part instanceof List<?> list) {
                list.forEach(o -> all.add(o.toString()));
            } else {
                all.add(part.toString());
            }
        }
        return all.toArray(String[]::new);
    }
}
