package fr.mssante.operator.trust.cli;

import fr.mssante.operator.trust.anchor.TrustAnchors;
import fr.mssante.operator.trust.pki.IssuedCertificate;
import fr.mssante.operator.trust.pki.TestPki;
import fr.mssante.operator.trust.pki.TestProfile;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.bouncycastle.asn1.x509.CRLReason;

/** {@code ./mssante pki ...}: mints and manages an IGC-Santé-shaped TEST PKI in a folder. */
public final class PkiCli {
    static final String USAGE = """
            Usage: ./mssante pki <command> DIR [options]      (TEST material only: never use in production)
              init DIR [--crl-url URL]
                  mint the TEST hierarchy (TEST AC RACINE IGC-SANTE ELEMENTAIRE/FORT and their ORGANISATIONS/PERSONNES
                  intermediates) into DIR: anchors.pem, anchors.p7b, ca/, crl/ (CRLs valid 7 days).
                  --crl-url: CRL distribution point base (default %s)
              server DIR --fqdn FQDN --structure-id ID --org ORG [--state "Paris (75)"] [--name NAME] [--password PW]
                  operator SERV SSL certificate: CN=FQDN,OU=ID,O=ORG,ST=..,C=FR; SAN=FQDN; ID = 1+FINESS or 3+SIRET
              org DIR --profile ORG_AUTH|ORG_SIGNATURE|ORG_CONFIDENTIALITY --cn CN --structure-id ID --org ORG [--name NAME] [--password PW]
              personal DIR --profile PERSONAL_SIGNATURE|PERSONAL_ENCRYPTION --id NATIONAL_ID --given-name G --surname S [--name NAME] [--password PW]
                  each writes DIR/issued/NAME/{cert.pem,chain.pem,key.pem,keystore.p12} (alias mssante, password default changeit)
              revoke DIR CERT.pem [--reason keyCompromise|superseded|cessationOfOperation|affiliationChanged]
                  record a revocation and rewrite DIR/crl
              crl DIR [--days N]
                  rewrite fresh CRLs of every CA into DIR/crl (default 7 days)
              listeblanche DIR --out FILE DOMAIN=CERT.pem [DOMAIN=CERT.pem ...]
                  write a liste blanche XML (one Domaine entry per pair; repeat a domain for several certificates)
            """.formatted(TestPki.DEFAULT_CRL_BASE_URL);

    private static final Set<String> VALUED = Set.of("--crl-url", "--fqdn", "--structure-id", "--org", "--state",
            "--name", "--password", "--profile", "--cn", "--id", "--given-name", "--surname", "--reason", "--days", "--out");

    private PkiCli() {
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
            Args a = new Args(argv, 1, VALUED, Set.of("--help"));
            if (a.has("--help")) {
                out.print(USAGE);
                return 0;
            }
            Path dir = Path.of(a.positional(0, "DIR"));
            switch (argv[0]) {
                case "init" -> {
                    TestPki pki = TestPki.create(dir, a.get("--crl-url", TestPki.DEFAULT_CRL_BASE_URL));
                    pki.writeAnchorsP7b(dir.resolve("anchors.p7b"));
                    pki.writeCrls(Duration.ofDays(7));
                    out.println("TEST PKI created in " + dir + ": anchors.pem, anchors.p7b, ca/, crl/ (CRL base " + pki.crlBaseUrl() + ")");
                }
                case "server" -> {
                    TestPki pki = TestPki.open(dir);
                    written(out, pki.issue(pki.serverRequest(a.required("--fqdn"), a.required("--structure-id"),
                            a.required("--org"), a.get("--state", "Paris (75)"))), dir, a, a.required("--fqdn"));
                }
                case "org" -> written(out, TestPki.open(dir).issueOrganisationCertificate(TestProfile.valueOf(
                        a.required("--profile").toUpperCase(Locale.ROOT)), a.required("--cn"), a.required("--structure-id"),
                        a.required("--org")), dir, a, a.required("--cn"));
                case "personal" -> written(out, TestPki.open(dir).issuePersonalCertificate(TestProfile.valueOf(
                        a.required("--profile").toUpperCase(Locale.ROOT)), a.required("--id"), a.required("--given-name"),
                        a.required("--surname")), dir, a, a.required("--id"));
                case "revoke" -> {
                    TestPki pki = TestPki.open(dir);
                    X509Certificate cert = TrustAnchors.readCertificates(Path.of(a.positional(1, "CERT.pem"))).get(0);
                    pki.revoke(cert, reason(a.get("--reason", "keyCompromise")));
                    pki.writeCrls(Duration.ofDays(7));
                    out.println("revoked serial " + cert.getSerialNumber().toString(16) + " ('"
                            + cert.getSubjectX500Principal().getName() + "'); CRLs rewritten in " + dir.resolve("crl"));
                }
                case "crl" -> out.println("CRLs written to " + TestPki.open(dir).writeCrls(
                        Duration.ofDays(Long.parseLong(a.get("--days", "7")))));
                case "listeblanche" -> {
                    Map<String, List<X509Certificate>> domains = new LinkedHashMap<>();
                    for (String pair : a.positional.subList(1, a.positional.size())) {
                        int eq = pair.indexOf('=');
                        if (eq <= 0) {
                            throw new Args.UsageException("expected DOMAIN=CERT.pem, got '" + pair + "'");
                        }
                        domains.computeIfAbsent(pair.substring(0, eq), k -> new ArrayList<>())
                                .add(TrustAnchors.readCertificates(Path.of(pair.substring(eq + 1))).get(0));
                    }
                    if (domains.isEmpty()) {
                        throw new Args.UsageException("give at least one DOMAIN=CERT.pem");
                    }
                    Path file = TestPki.open(dir).writeListeBlanche(Path.of(a.required("--out")), domains);
                    out.println("liste blanche with " + domains.size() + " domain(s) written to " + file);
                }
                default -> throw new Args.UsageException("unknown command '" + argv[0] + "'");
            }
            return 0;
        } catch (Args.UsageException e) {
            err.println("pki: " + e.getMessage());
            err.print(USAGE);
            return 2;
        } catch (IOException | RuntimeException e) {
            err.println("pki: " + e.getMessage());
            return 1;
        }
    }

    private static void written(PrintStream out, IssuedCertificate c, Path dir, Args a, String defaultName) throws IOException {
        String name = a.get("--name", defaultName).replaceAll("[^A-Za-z0-9._-]", "_");
        Path target = dir.resolve("issued").resolve(name);
        char[] password = a.get("--password", "changeit").toCharArray();
        c.writeCertificatePem(target.resolve("cert.pem"));
        c.writePemChain(target.resolve("chain.pem"));
        c.writePrivateKeyPem(target.resolve("key.pem"));
        c.writePkcs12(target.resolve("keystore.p12"), password);
        out.println("issued '" + c.certificate().getSubjectX500Principal().getName() + "' serial "
                + c.certificate().getSerialNumber().toString(16) + " into " + target);
    }

    private static int reason(String name) {
        return switch (name) {
            case "keyCompromise" -> CRLReason.keyCompromise;
            case "superseded" -> CRLReason.superseded;
            case "cessationOfOperation" -> CRLReason.cessationOfOperation;
            case "affiliationChanged" -> CRLReason.affiliationChanged;
            case "unspecified" -> CRLReason.unspecified;
            default -> throw new Args.UsageException("unknown revocation reason '" + name + "'");
        };
    }
}
