package fr.mssante.operator.directory.cli;

import com.unboundid.ldap.sdk.BindRequest;
import com.unboundid.ldap.sdk.LDAPConnectionOptions;
import com.unboundid.ldap.sdk.LDAPConnectionPool;
import com.unboundid.ldap.sdk.LDAPException;
import com.unboundid.ldap.sdk.SimpleBindRequest;
import fr.mssante.operator.directory.load.ExtractionLdifExporter;
import fr.mssante.operator.directory.load.ExtractionLoader;
import fr.mssante.operator.directory.load.FhirLoader;
import fr.mssante.operator.directory.load.FhirSyncState;
import fr.mssante.operator.directory.load.LoadProblem;
import fr.mssante.operator.directory.load.LoadReport;
import fr.mssante.operator.directory.mirror.EmbeddedMirror;
import fr.mssante.operator.directory.mirror.MirrorConnector;
import fr.mssante.operator.directory.mirror.MirrorLayout;
import fr.mssante.operator.directory.reconcile.Reconciler;
import fr.mssante.operator.directory.reconcile.ReconciliationReport;
import fr.mssante.operator.directory.sync.MailboxRegistryClient;
import fr.mssante.operator.directory.sync.RegistryRejectedException;
import fr.mssante.operator.directory.sync.RegistryUnavailableException;
import fr.mssante.operator.directory.sync.SyncEngine;
import fr.mssante.operator.directory.sync.SyncOptions;
import fr.mssante.operator.directory.sync.SyncProgress;
import fr.mssante.operator.directory.sync.SyncRunReport;

import java.io.IOException;
import java.io.PrintStream;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CountDownLatch;

/**
 * {@code ./mssante directory load|load-fhir|reconcile|serve} and {@code ./mssante sync}. Defaults talk to the demo:
 * mirror {@value #DEFAULT_LDAP_URL}, WebAdmin {@value #DEFAULT_WEBADMIN_URL}, domain {@value #DEFAULT_DOMAIN}.
 */
public final class DirectoryCli {
    static final String DEFAULT_LDAP_URL = "ldap://localhost:10389";
    static final String DEFAULT_WEBADMIN_URL = "http://127.0.0.1:18000";
    static final String DEFAULT_TOKEN_FILE = "var/demo/operateur/secrets/webadmin.token";
    static final String DEFAULT_DOMAIN = "demo.mssante.test";
    static final String DEFAULT_STATE_DIR = "var/demo/directory-sync";
    static final String DEFAULT_FHIR_URL = "https://gateway.api.esante.gouv.fr/fhir/v2";

    static final int OK = 0;
    static final int FAILED = 1;
    static final int USAGE = 2;
    static final int BLOCKED = 3;

    private static final Set<String> OPTIONS = Set.of("ldap-url", "bind-dn", "bind-password-file", "base-dn",
            "webadmin-url", "webadmin-token-file", "domains", "state-dir", "max-suspension-share",
            "max-withdrawal-share", "threads", "out", "port", "ldif", "fhir-url", "api-key-file", "since", "page-size",
            "max-reference-fetches", "ldap-ca-file");
    private static final Set<String> FLAGS = Set.of("dry-run", "full", "confirm-suspensions", "no-sample", "help",
            "ldap-starttls", "ldap-allow-plaintext");

    private final PrintStream out;
    private final PrintStream err;

    DirectoryCli(PrintStream out, PrintStream err) {
        this.out = out;
        this.err = err;
    }

    public static void main(String[] args) {
        System.exit(new DirectoryCli(System.out, System.err).run(args));
    }

    int run(String... args) {
        if (args.length == 0 || args[0].equals("--help") || args[0].equals("help")) {
            usage(out);
            return args.length == 0 ? USAGE : OK;
        }
        try {
            CliArgs cli = CliArgs.parse(Arrays.asList(args).subList(1, args.length), OPTIONS, FLAGS);
            return switch (args[0]) {
                case "load" -> load(cli);
                case "load-fhir" -> loadFhir(cli);
                case "export-ldif" -> exportLdif(cli);
                case "sync" -> sync(cli);
                case "reconcile" -> reconcile(cli);
                case "serve" -> serve(cli);
                default -> throw new IllegalArgumentException("unknown command '" + args[0] + "'");
            };
        } catch (IllegalArgumentException e) {
            err.println("directory: " + e.getMessage());
            usage(err);
            return USAGE;
        } catch (LDAPException e) {
            err.println("directory: LDAP mirror error: " + e.getMessage());
            return FAILED;
        } catch (RegistryUnavailableException | RegistryRejectedException e) {
            err.println("directory: WebAdmin error: " + e.getMessage());
            return FAILED;
        } catch (IOException e) {
            err.println("directory: " + e.getMessage());
            return FAILED;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return FAILED;
        }
    }

    private int load(CliArgs cli) throws IOException, LDAPException {
        if (cli.positional().size() != 1) {
            throw new IllegalArgumentException("load needs exactly one FILE (Extraction_Correspondance_MSSante .txt or .zip)");
        }
        Path file = Path.of(cli.positional().get(0));
        if (!Files.isReadable(file)) {
            throw new IOException("cannot read " + file);
        }
        int threads = (int) cli.number("threads", 4);
        try (LDAPConnectionPool pool = pool(cli, threads)) {
            err.println("[load] " + file + " -> " + cli.option("ldap-url", DEFAULT_LDAP_URL));
            long start = System.nanoTime();
            LoadReport report = new ExtractionLoader(pool, layout(cli), threads, pageSize(cli),
                    cli.number("max-withdrawal-share", 0.10),
                    line -> err.printf("[load] %,d lines...%n", line)).load(file);
            return printLoad(cli, report, "load", start);
        }
    }

    private int exportLdif(CliArgs cli) throws IOException {
        String target = cli.option("out", null);
        if (cli.positional().size() != 1 || target == null) {
            throw new IllegalArgumentException("export-ldif needs one FILE (Extraction_Correspondance_MSSante .txt or"
                    + " .zip) and --out mirror.ldif");
        }
        Path file = Path.of(cli.positional().get(0));
        if (!Files.isReadable(file)) {
            throw new IOException("cannot read " + file);
        }
        Path ldif = Path.of(target);
        if (Files.exists(ldif)) {
            throw new IOException(ldif + " already exists: choose a new file");
        }
        err.println("[export-ldif] " + file + " -> " + ldif);
        long start = System.nanoTime();
        LoadReport report = new ExtractionLdifExporter(layout(cli), line -> err.printf("[export-ldif] %,d lines...%n", line))
                .export(file, ldif);
        int code = printLoad(cli, report, "export-ldif", start);
        out.println("import it into an EMPTY, stopped OpenLDAP mirror: slapadd -q -F <slapd.d> -b " + layout(cli).base()
                + " -l " + ldif + "   (see docs/directory-sync.md)");
        return code;
    }

    private int loadFhir(CliArgs cli) throws IOException, LDAPException, InterruptedException {
        Path stateDir = Path.of(cli.option("state-dir", DEFAULT_STATE_DIR));
        String keyFile = cli.option("api-key-file", null);
        String apiKey = keyFile == null ? null : Files.readString(Path.of(keyFile)).trim();
        FhirSyncState state = FhirSyncState.load(stateDir);
        String since = cli.flag("full") ? null : cli.option("since", state.lastUpdated());
        try (LDAPConnectionPool pool = pool(cli, 2)) {
            err.println("[load-fhir] " + cli.option("fhir-url", DEFAULT_FHIR_URL)
                    + (since == null ? " (full)" : " (changes since " + since + ")"));
            long start = System.nanoTime();
            FhirLoader loader = new FhirLoader(URI.create(cli.option("fhir-url", DEFAULT_FHIR_URL)), apiKey, pool,
                    layout(cli), (int) cli.number("max-reference-fetches", FhirLoader.DEFAULT_MAX_REFERENCE_FETCHES),
                    count -> err.printf("[load-fhir] %,d resources...%n", count));
            FhirLoader.Result result = loader.load(since);
            int code = printLoad(cli, result.report(), "load-fhir", start);
            if (result.report().complete() && result.newestLastUpdated() != null) {
                new FhirSyncState(result.newestLastUpdated()).save(stateDir);
            }
            return code;
        }
    }

    private int printLoad(CliArgs cli, LoadReport report, String name, long start) throws IOException {
        out.println(report.summary());
        report.problems().stream().limit(20).map(LoadProblem::toString).forEach(p -> out.println("  " + p));
        if (report.problems().size() > 20) {
            out.println("  ... see the load report for the other problems");
        }
        if (report.withdrawalSkippedReason() != null) {
            out.println("WARNING: " + report.withdrawalSkippedReason());
        }
        Path stateDir = Path.of(cli.option("state-dir", DEFAULT_STATE_DIR));
        Path file = Files.createDirectories(stateDir.resolve("loads")).resolve(name + "-" + timestamp() + ".json");
        new com.fasterxml.jackson.databind.ObjectMapper()
                .enable(com.fasterxml.jackson.databind.SerializationFeature.INDENT_OUTPUT).writeValue(file.toFile(), report);
        out.printf("report: %s (%.1f s)%n", file, (System.nanoTime() - start) / 1e9);
        return report.complete() ? OK : FAILED;
    }

    private int sync(CliArgs cli) throws IOException, LDAPException {
        SyncOptions options = SyncOptions.of(domains(cli))
                .withFull(cli.flag("full"))
                .withDryRun(cli.flag("dry-run"))
                .withConfirmSuspensions(cli.flag("confirm-suspensions"))
                .withMaxSuspensionShare(cli.number("max-suspension-share", SyncOptions.DEFAULT_MAX_SUSPENSION_SHARE))
                .withPageSize(pageSize(cli));
        Path stateDir = Path.of(cli.option("state-dir", DEFAULT_STATE_DIR));
        try (LDAPConnectionPool pool = pool(cli, 1)) {
            SyncProgress progress = new SyncProgress() {
                @Override
                public void mirrorEntryRead(long count) {
                    if (count % 10_000 == 0) {
                        err.printf("[sync] %,d mirror entries read...%n", count);
                    }
                }

                @Override
                public void actionDone(int done, int total) {
                    if (done % 1_000 == 0 || done == total) {
                        err.printf("[sync] %,d/%,d actions applied%n", done, total);
                    }
                }
            };
            err.println("[sync] mirror " + cli.option("ldap-url", DEFAULT_LDAP_URL) + ", server "
                    + cli.option("webadmin-url", DEFAULT_WEBADMIN_URL) + ", domains " + options.domains());
            SyncRunReport report = new SyncEngine(pool, layout(cli), registry(cli), stateDir, progress).run(options);
            report.actions().forEach(a -> out.println((options.dryRun() ? "" : "[" + a.outcome() + "] ") + a.describe()));
            out.println(report.summary());
            return switch (report.status()) {
                case SUCCESS, DRY_RUN -> OK;
                case BLOCKED_BY_GUARDRAIL -> BLOCKED;
                case PARTIAL, FAILED -> FAILED;
            };
        }
    }

    private int reconcile(CliArgs cli) throws IOException, LDAPException, RegistryUnavailableException,
            RegistryRejectedException {
        Path outDir = Files.createDirectories(Path.of(cli.option("out", cli.option("state-dir", DEFAULT_STATE_DIR))));
        try (LDAPConnectionPool pool = pool(cli, 1)) {
            ReconciliationReport report = new Reconciler(pool, layout(cli), registry(cli),
                    pageSize(cli)).reconcile(domains(cli));
            String base = "reconciliation-" + timestamp();
            report.writeCsv(outDir.resolve(base + ".csv"));
            report.writeJson(outDir.resolve(base + ".json"));
            report.findings().forEach(f -> out.println(f.category() + " " + f.address() + " (directory "
                    + f.directory() + ", server " + f.server() + ")"));
            out.println(report.summary());
            out.println("written: " + outDir.resolve(base + ".csv") + " and .json");
            return OK;
        }
    }

    private int serve(CliArgs cli) throws IOException, LDAPException, InterruptedException {
        int port = (int) cli.number("port", 10389);
        List<Path> ldifs = cli.option("ldif", null) == null ? List.of() : List.of(Path.of(cli.option("ldif", null)));
        EmbeddedMirror mirror = cli.flag("no-sample") || !ldifs.isEmpty()
                ? EmbeddedMirror.start(port, layout(cli), ldifs)
                : EmbeddedMirror.startDemo(port);
        out.println("LDAP mirror listening on " + mirror.ldapUrl() + " (base " + mirror.layout().base()
                + ", anonymous access, loopback only); Ctrl-C to stop");
        // Ctrl-C / SIGTERM: the hook stops the server; main stays parked (returning would call System.exit while
        // the JVM is already shutting down, which blocks).
        Runtime.getRuntime().addShutdownHook(new Thread(mirror::close, "mirror-shutdown"));
        new CountDownLatch(1).await();
        return OK;
    }

    /** 0 (default, right for the embedded mirror): unpaged streamed searches; OpenLDAP needs its size limit or less. */
    private static int pageSize(CliArgs cli) {
        return (int) cli.number("page-size", 0);
    }

    private static MirrorLayout layout(CliArgs cli) {
        return new MirrorLayout(cli.option("base-dn", MirrorLayout.DEFAULT_BASE_DN));
    }

    private static List<String> domains(CliArgs cli) {
        return Arrays.stream(cli.option("domains", DEFAULT_DOMAIN).split(",")).map(String::trim)
                .filter(s -> !s.isEmpty()).toList();
    }

    private LDAPConnectionPool pool(CliArgs cli, int size) throws LDAPException, IOException {
        String caFile = cli.option("ldap-ca-file", null);
        MirrorConnector mirror = new MirrorConnector(cli.option("ldap-url", DEFAULT_LDAP_URL), cli.flag("ldap-starttls"),
                caFile == null ? null : Path.of(caFile));
        BindRequest bind = null;
        if (cli.option("bind-dn", null) != null) {
            String passwordFile = cli.option("bind-password-file", null);
            if (passwordFile == null) {
                throw new IllegalArgumentException("--bind-dn needs --bind-password-file");
            }
            bind = new SimpleBindRequest(cli.option("bind-dn", null), Files.readString(Path.of(passwordFile)).trim());
        }
        String warning = mirror.plaintextWarning(bind != null, cli.flag("ldap-allow-plaintext"));
        if (warning != null) {
            err.println("[directory] WARNING: " + warning);
        }
        LDAPConnectionOptions options = new LDAPConnectionOptions();
        // Bulk loads keep the server busy: wait up to 5 minutes for an answer before calling the mirror unreachable.
        options.setResponseTimeoutMillis(300_000);
        return mirror.pool(bind, size, options);
    }

    private MailboxRegistryClient registry(CliArgs cli) throws IOException {
        Path tokenFile = Path.of(cli.option("webadmin-token-file", DEFAULT_TOKEN_FILE));
        String token = null;
        if (Files.isReadable(tokenFile)) {
            token = Files.readString(tokenFile).trim();
        } else {
            err.println("[directory] WARNING: no WebAdmin token file " + tokenFile + ": calling WebAdmin without a JWT");
        }
        return new MailboxRegistryClient(URI.create(cli.option("webadmin-url", DEFAULT_WEBADMIN_URL)), token,
                MailboxRegistryClient.RetryPolicy.defaults());
    }

    private static String timestamp() {
        return DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'").withZone(ZoneOffset.UTC).format(Instant.now());
    }

    private static void usage(PrintStream to) {
        to.println("""
                Usage: ./mssante directory <command> [options]   |   ./mssante sync [--dry-run] [--full]
                  load FILE                   load Extraction_Correspondance_MSSante (.txt or .zip) into the mirror
                      [--threads 4] [--max-withdrawal-share 0.10]
                  export-ldif FILE --out LDIF the same file as one LDIF for a first bulk import into an empty
                                              OpenLDAP mirror (slapadd -q); daily loads then run online
                  load-fhir                   load mailboxes from the Annuaire Santé FHIR API into the mirror
                      [--fhir-url URL] [--api-key-file FILE] [--since 2026-11-01T00:00:00Z | --full]
                      [--max-reference-fetches 1000]  role references the API did not include, fetched one
                                              by one; the rest are counted warnings (link left empty)
                  sync                        apply the mirror to the server's mailboxes (first run is full)
                      [--dry-run] [--full] [--confirm-suspensions] [--max-suspension-share 0.05]
                  reconcile                   published-vs-used report (CSV + JSON) [--out DIR]
                  serve                       run the embedded mirror [--port 10389] [--ldif FILE | --no-sample]
                Common options (defaults = the demo):
                  --ldap-url ldap://localhost:10389 | ldaps://mirror:636   --base-dn o=annuaire-sante,c=fr
                  --ldap-starttls              StartTLS on an ldap:// URL, before any bind
                  --ldap-ca-file FILE          PEM CA(s) of the mirror's certificate (default: the JVM's CAs);
                                               its host name must match the URL's host (subjectAltName)
                  --bind-dn DN --bind-password-file FILE   (anonymous when absent)
                  --ldap-allow-plaintext       allow a bind password in clear to a non-loopback ldap:// mirror
                                               (refused otherwise; anonymous clear-text access only warns)
                  --webadmin-url http://127.0.0.1:18000  --webadmin-token-file var/demo/operateur/secrets/webadmin.token
                  --domains demo.mssante.test[,other]   --state-dir var/demo/directory-sync
                  --page-size 0 (unpaged; use 500 or the server size limit for OpenLDAP)
                Exit codes: 0 ok, 1 failed or partial, 2 usage, 3 stopped by the suspension guardrail.""");
    }
}
