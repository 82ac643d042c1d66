package fr.mssante.operator.trust.cli;

import fr.mssante.operator.trust.TrustSpaceConfig;
import fr.mssante.operator.trust.anchor.Hierarchy;
import fr.mssante.operator.trust.anchor.TrustAnchors;
import fr.mssante.operator.trust.crl.CrlFetcher;
import fr.mssante.operator.trust.crl.CrlStore;
import fr.mssante.operator.trust.crl.HttpCrlFetcher;
import fr.mssante.operator.trust.identity.CertificateIdentity;
import fr.mssante.operator.trust.validation.CertificateProfile;
import fr.mssante.operator.trust.validation.CertificateValidator;
import fr.mssante.operator.trust.validation.ProfilePolicies;
import fr.mssante.operator.trust.validation.Verdict;
import fr.mssante.operator.trust.whitelist.CanonicalDn;
import fr.mssante.operator.trust.whitelist.ListeBlanche;
import fr.mssante.operator.trust.whitelist.ListeBlancheFormatException;
import fr.mssante.operator.trust.whitelist.ListeBlancheParser;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Properties;
import java.util.Set;

/** {@code ./mssante trust verify|whitelist ...}: operator checks of a certificate and of the liste blanche. */
public final class TrustCli {
    static final String USAGE;

    static {
        StringBuilder profiles = new StringBuilder();
        for (CertificateProfile p : CertificateProfile.values()) {
            profiles.append(String.format("      %-20s %s%n", p.name(), p.description()));
        }
        USAGE = """
                Usage:
                  ./mssante trust verify [--anchors FILE...] [--hierarchy TEST|PRODUCTION] [--crl-dir DIR]
                                         [--offline] [--profile PROFILE] [--config FILE] CERT
                      Validates CERT (PEM or DER; a PEM chain may follow the leaf) against the anchors (PEM bundle, DER, or
                      a .p7b of roots and intermediates). CRLs come from --crl-dir (DER or PEM files, base and delta) and,
                      unless --offline, from the certificate's HTTP distribution points. Prints ACCEPTED or
                      REFUSED <REASON>: <detail>; exit 0 if accepted, 1 if refused, 2 on a usage error.
                      --hierarchy defaults to the anchors' own; TEST and PRODUCTION are never mixed.
                      PROFILE (default SERV_SSL = SERV_SSL_SERVER, an operator's MTA certificate):
                %s
                  ./mssante trust whitelist [--file FILE] [--config FILE] DOMAIN
                      Prints the operator certificate DNs the liste blanche FILE lists for DOMAIN (exit 1 if none).
                  --config FILE (or -Dmssante.trust.config=FILE): the server's trust settings, for defaults:
                      anchors, hierarchy, crl.dir and policy OIDs for verify; the last-good (else file) liste blanche
                      for whitelist. Options given on the command line win.
                """.formatted(profiles.toString().stripTrailing());
    }

    private TrustCli() {
    }

    public static void main(String[] argv) {
        System.exit(run(argv, System.out, System.err));
    }

    static int run(String[] argv, PrintStream out, PrintStream err) {
        if (argv.length == 0 || argv[0].equals("--help") || argv[0].equals("-h") || argv[0].equals("help")) {
            out.print(USAGE);
            return argv.length == 0 ? 2 : 0;
        }
        try {
            Args a = new Args(argv, 1, Set.of("--anchors", "--hierarchy", "--crl-dir", "--profile", "--file", "--config"),
                    Set.of("--offline", "--help"));
            if (a.has("--help")) {
                out.print(USAGE);
                return 0;
            }
            return switch (argv[0]) {
                case "verify" -> verify(a, out);
                case "whitelist" -> whitelist(a, out);
                default -> throw new Args.UsageException("unknown command '" + argv[0] + "'");
            };
        } catch (Args.UsageException e) {
            err.println("trust: " + e.getMessage());
            err.print(USAGE);
            return 2;
        } catch (IOException | ListeBlancheFormatException | RuntimeException e) {
            err.println("trust: " + e.getMessage());
            return 2;
        }
    }

    /** The server's trust settings (--config FILE or -Dmssante.trust.config), used for defaults. */
    private static Properties config(Args a) {
        return TrustSpaceConfig.systemProperties(a.get("--config") == null ? null : Path.of(a.get("--config")));
    }

    private static int verify(Args a, PrintStream out) throws IOException {
        Properties cfg = config(a);
        List<String> anchorFiles = a.all("--anchors");
        if (anchorFiles.isEmpty() && cfg.getProperty(TrustSpaceConfig.PREFIX + "anchors") != null) {
            anchorFiles = List.of(cfg.getProperty(TrustSpaceConfig.PREFIX + "anchors").trim().split("\\s*,\\s*"));
        }
        if (anchorFiles.isEmpty()) {
            throw new Args.UsageException("missing --anchors (PEM bundle or .p7b of the IGC-Santé roots and intermediates)");
        }
        String h = a.get("--hierarchy", cfg.getProperty(TrustSpaceConfig.PREFIX + "hierarchy"));
        Hierarchy hierarchy = h == null ? null : Hierarchy.parse(h);
        TrustAnchors anchors = TrustAnchors.load(hierarchy, anchorFiles.stream().map(Path::of).toList());
        CertificateProfile profile = CertificateProfile.parse(a.get("--profile", "SERV_SSL"));
        List<X509Certificate> presented = TrustAnchors.readCertificates(Path.of(a.positional(0, "CERT")));
        CrlStore crls = new CrlStore(CrlStore.Settings.defaults(null),
                a.has("--offline") ? CrlFetcher.OFFLINE : new HttpCrlFetcher(Duration.ofSeconds(15)), Clock.systemUTC());
        String crlDir = a.get("--crl-dir", cfg.getProperty(TrustSpaceConfig.PREFIX + "crl.dir"));
        if (crlDir != null) {
            crls.loadDirectory(Path.of(crlDir));
        }
        CertificateValidator validator = new CertificateValidator(anchors,
                ProfilePolicies.fromProperties(anchors.hierarchy(), cfg, TrustSpaceConfig.PREFIX + "policy."),
                crls, Clock.systemUTC());
        Verdict v = validator.validate(presented, profile);
        X509Certificate leaf = presented.get(0);
        CertificateIdentity id = CertificateIdentity.of(leaf);
        out.println("certificate: " + leaf.getSubjectX500Principal().getName());
        out.println("profile:     " + profile + " (" + anchors + ")");
        id.fqdn().ifPresent(f -> out.println("fqdn:        " + String.join(", ", id.fqdns())));
        id.structureId().ifPresent(s -> out.println("structure:   " + s.type() + " " + s.identifier() + " (OU " + s.nationalId() + ")"));
        id.organisation().ifPresent(o -> out.println("organisation: " + o));
        id.professionalId().ifPresent(p -> out.println("professional id: " + p));
        if (v.isAccepted()) {
            out.println("ACCEPTED: chain " + v.path().stream().map(c -> "'" + c.getSubjectX500Principal().getName() + "'").toList());
            return 0;
        }
        out.println("REFUSED " + v.reason() + ": " + v.detail());
        return 1;
    }

    private static int whitelist(Args a, PrintStream out) throws IOException, ListeBlancheFormatException {
        Properties cfg = config(a);
        String file = a.get("--file", cfg.getProperty(TrustSpaceConfig.PREFIX + "listeblanche.last-good",
                cfg.getProperty(TrustSpaceConfig.PREFIX + "listeblanche.file")));
        if (file == null) {
            throw new Args.UsageException("missing --file (or a --config whose mssante.trust.listeblanche.last-good names the server's copy)");
        }
        String domain = a.positional(0, "DOMAIN");
        ListeBlanche list = ListeBlancheParser.parse(Files.readAllBytes(Path.of(file)));
        Set<CanonicalDn> dns = list.dnsFor(domain);
        if (dns.isEmpty()) {
            out.println(domain + ": not in the liste blanche (" + list + ")");
            return 1;
        }
        out.println(domain + ": " + dns.size() + " operator certificate(s)");
        dns.stream().map(CanonicalDn::toString).sorted().forEach(dn -> out.println("  " + dn));
        return 0;
    }
}
