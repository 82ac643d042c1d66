package fr.mssante.operator.trust.pki;

import fr.mssante.operator.trust.whitelist.ListeBlancheWriter;
import java.io.IOException;
import java.io.Reader;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.SecureRandom;
import java.security.cert.X509CRL;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Date;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.bouncycastle.asn1.ASN1ObjectIdentifier;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x500.X500NameBuilder;
import org.bouncycastle.asn1.x500.style.BCStyle;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.CRLDistPoint;
import org.bouncycastle.asn1.x509.CRLNumber;
import org.bouncycastle.asn1.x509.CRLReason;
import org.bouncycastle.asn1.x509.CertificatePolicies;
import org.bouncycastle.asn1.x509.DistributionPoint;
import org.bouncycastle.asn1.x509.DistributionPointName;
import org.bouncycastle.asn1.x509.ExtendedKeyUsage;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.asn1.x509.KeyPurposeId;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.asn1.x509.PolicyInformation;
import org.bouncycastle.cert.X509CertificateHolder;
import org.bouncycastle.cert.X509v2CRLBuilder;
import org.bouncycastle.cert.X509v3CertificateBuilder;
import org.bouncycastle.cert.jcajce.JcaX509CRLConverter;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509ExtensionUtils;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.openssl.PEMKeyPair;
import org.bouncycastle.openssl.PEMParser;
import org.bouncycastle.openssl.jcajce.JcaPEMKeyConverter;
import org.bouncycastle.asn1.pkcs.PrivateKeyInfo;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaDigestCalculatorProviderBuilder;
import org.bouncycastle.asn1.ocsp.OCSPObjectIdentifiers;
import org.bouncycastle.asn1.x509.AccessDescription;
import org.bouncycastle.asn1.x509.AuthorityInformationAccess;
import org.bouncycastle.asn1.x509.Extensions;
import org.bouncycastle.cert.ocsp.BasicOCSPResp;
import org.bouncycastle.cert.ocsp.BasicOCSPRespBuilder;
import org.bouncycastle.cert.ocsp.CertificateID;
import org.bouncycastle.cert.ocsp.CertificateStatus;
import org.bouncycastle.cert.ocsp.OCSPException;
import org.bouncycastle.cert.ocsp.OCSPReq;
import org.bouncycastle.cert.ocsp.OCSPRespBuilder;
import org.bouncycastle.cert.ocsp.Req;
import org.bouncycastle.cert.ocsp.RevokedStatus;
import org.bouncycastle.cert.ocsp.UnknownStatus;
import org.bouncycastle.cert.ocsp.jcajce.JcaBasicOCSPRespBuilder;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;

/**
 * An IGC-Santé-shaped TEST PKI for tests and the demo: two roots (ELEMENTAIRE, FORT) with their
 * ORGANISATIONS and PERSONNES intermediates, using the real TEST naming ({@code TEST } prefix,
 * {@code OU=IGC-SANTE TEST}), profiles, policy OIDs and CRL distribution points
 * ({@code <crlBaseUrl><CA file>.crl}). CA keys and revocations are kept in its folder so that it can be
 * reopened ({@link #open(Path)}) by later commands. Keys are RSA 2048 (the real roots are 4096) to keep
 * minting fast. Nothing it mints belongs in the repository.
 */
public final class TestPki {
    /** The real CRL base URL of IGC-Santé; tests point it at a local HTTP server instead. */
    public static final String DEFAULT_CRL_BASE_URL = "http://igc-sante.esante.gouv.fr/CRL/";
    private static final String ORG_DN_SUFFIX = "OU=IGC-SANTE TEST,OU=0002 187512751,O=ASIP-SANTE,C=FR";
    private static final SecureRandom RANDOM = new SecureRandom();

    private final Path dir;
    private final String crlBaseUrl;
    private final String ocspUrl;
    private final Map<TestCa, X509Certificate> caCerts = new EnumMap<>(TestCa.class);
    private final Map<TestCa, PrivateKey> caKeys = new EnumMap<>(TestCa.class);
    private final List<String> revocations = new ArrayList<>();

    private TestPki(Path dir, String crlBaseUrl, String ocspUrl) {
        this.dir = dir;
        this.crlBaseUrl = crlBaseUrl.endsWith("/") ? crlBaseUrl : crlBaseUrl + "/";
        this.ocspUrl = ocspUrl;
    }

    public static TestPki create(Path dir) {
        return create(dir, DEFAULT_CRL_BASE_URL);
    }

    public static TestPki create(Path dir, String crlBaseUrl) {
        return create(dir, crlBaseUrl, null);
    }

    /**
     * Mints a new hierarchy into {@code dir} (created; must not already hold a PKI). With an
     * {@code ocspUrl}, end-entity certificates carry it in their authorityInfoAccess and
     * {@link #answerOcsp(byte[])} can serve it.
     */
    public static TestPki create(Path dir, String crlBaseUrl, String ocspUrl) {
        try {
            if (Files.exists(dir.resolve("pki.properties"))) {
                throw new IllegalStateException("a test PKI already exists in " + dir + " (use open)");
            }
            Files.createDirectories(dir.resolve("ca"));
            TestPki pki = new TestPki(dir, crlBaseUrl, ocspUrl);
            Instant now = Instant.now().truncatedTo(ChronoUnit.SECONDS);
            for (TestCa ca : TestCa.values()) {
                KeyPair kp = rsa(2048);
                X500Name name = caName(ca);
                X509Certificate cert = ca.isRoot()
                        ? pki.sign(name, kp.getPublic(), name, kp.getPrivate(), null, now.minus(1, ChronoUnit.DAYS),
                        now.plus(3650, ChronoUnit.DAYS), caExtensions(-1, null), "SHA256withRSA")
                        : pki.sign(name, kp.getPublic(), caName(ca.parent), pki.caKeys.get(ca.parent),
                        pki.caCerts.get(ca.parent), now.minus(1, ChronoUnit.DAYS), now.plus(3000, ChronoUnit.DAYS),
                        caExtensions(0, pki.crlUrl(ca.parent)), "SHA256withRSA");
                pki.caCerts.put(ca, cert);
                pki.caKeys.put(ca, kp.getPrivate());
                Files.writeString(dir.resolve("ca/" + ca.fileName + ".crt.pem"), IssuedCertificate.pem(cert));
                Files.writeString(dir.resolve("ca/" + ca.fileName + ".key.pem"), IssuedCertificate.pem(kp.getPrivate()));
            }
            Properties props = new Properties();
            props.setProperty("crlBaseUrl", pki.crlBaseUrl);
            if (ocspUrl != null) {
                props.setProperty("ocspUrl", ocspUrl);
            }
            try (var out = Files.newBufferedWriter(dir.resolve("pki.properties"))) {
                props.store(out, "IGC-Santé TEST PKI (test material only)");
            }
            Files.writeString(dir.resolve("revoked.txt"), "");
            pki.writeAnchors(dir.resolve("anchors.pem"));
            return pki;
        } catch (IOException e) {
            throw new IllegalStateException("cannot create test PKI in " + dir + ": " + e.getMessage(), e);
        }
    }

    /** Reopens a PKI created by {@link #create}. */
    public static TestPki open(Path dir) {
        try {
            Properties props = new Properties();
            Path propsFile = dir.resolve("pki.properties");
            if (!Files.isRegularFile(propsFile)) {
                throw new IllegalStateException("no test PKI in " + dir + " (run: pki init " + dir + ")");
            }
            try (Reader in = Files.newBufferedReader(propsFile)) {
                props.load(in);
            }
            TestPki pki = new TestPki(dir, props.getProperty("crlBaseUrl", DEFAULT_CRL_BASE_URL),
                    props.getProperty("ocspUrl"));
            for (TestCa ca : TestCa.values()) {
                pki.caCerts.put(ca, readCert(dir.resolve("ca/" + ca.fileName + ".crt.pem")));
                pki.caKeys.put(ca, readKey(dir.resolve("ca/" + ca.fileName + ".key.pem")));
            }
            Path revoked = dir.resolve("revoked.txt");
            if (Files.exists(revoked)) {
                Files.readAllLines(revoked).stream().filter(l -> !l.isBlank()).forEach(pki.revocations::add);
            }
            return pki;
        } catch (IOException e) {
            throw new IllegalStateException("cannot open test PKI in " + dir + ": " + e.getMessage(), e);
        }
    }

    public Path directory() {
        return dir;
    }

    public String crlBaseUrl() {
        return crlBaseUrl;
    }

    public String crlUrl(TestCa ca) {
        return crlBaseUrl + ca.fileName + ".crl";
    }

    public X509Certificate caCertificate(TestCa ca) {
        return caCerts.get(ca);
    }

    /** Roots and intermediates, the trust anchor bundle of this TEST hierarchy. */
    public List<X509Certificate> anchors() {
        return List.copyOf(caCerts.values());
    }

    /** Writes the anchors as one PEM bundle. */
    public Path writeAnchors(Path file) throws IOException {
        Files.writeString(file, IssuedCertificate.pem(caCerts.values().toArray()), StandardCharsets.US_ASCII);
        return file;
    }

    /** Writes the anchors as a DER PKCS#7 bundle, the shape of {@code Chaine_de_certification-IGC-Sante-TEST.p7b}. */
    public Path writeAnchorsP7b(Path file) throws IOException {
        try {
            var cf = java.security.cert.CertificateFactory.getInstance("X.509");
            Files.write(file, cf.generateCertPath(anchors()).getEncoded("PKCS7"));
            return file;
        } catch (GeneralSecurityException e) {
            throw new IOException("cannot encode PKCS#7 bundle: " + e.getMessage(), e);
        }
    }

    // ---- end entities ----

    /** Operator MTA certificate: {@code CN=fqdn,OU=structureId,O=org,ST=Paris (75),C=FR}, SAN dNSName = fqdn. */
    public IssuedCertificate issueServerCertificate(String fqdn, String structureId, String organisation) {
        return issue(serverRequest(fqdn, structureId, organisation, "Paris (75)"));
    }

    public CertificateRequest serverRequest(String fqdn, String structureId, String organisation, String state) {
        return request(TestProfile.SERV_SSL, orgName(fqdn, structureId, organisation, state), List.of(fqdn));
    }

    /** Organisation certificate (ORG_AUTH, ORG_SIGNATURE or ORG_CONFIDENTIALITY). */
    public IssuedCertificate issueOrganisationCertificate(TestProfile profile, String commonName, String structureId,
                                                          String organisation) {
        if (profile.personal || profile == TestProfile.SERV_SSL) {
            throw new IllegalArgumentException(profile + " is not an organisation profile");
        }
        return issue(request(profile, orgName(commonName, structureId, organisation, "Paris (75)"), List.of()));
    }

    /**
     * Personal certificate (PERSONAL_SIGNATURE or PERSONAL_ENCRYPTION): CN = national professional id
     * (e.g. {@code 810001234567}: type 8 = RPPS), with given name and surname attributes.
     */
    public IssuedCertificate issuePersonalCertificate(TestProfile profile, String nationalId, String givenName,
                                                      String surname) {
        if (!profile.personal) {
            throw new IllegalArgumentException(profile + " is not a personal profile");
        }
        X500Name name = new X500NameBuilder(BCStyle.INSTANCE).addRDN(BCStyle.C, "FR")
                .addRDN(BCStyle.SURNAME, surname).addRDN(BCStyle.GIVENNAME, givenName)
                .addRDN(BCStyle.CN, nationalId).build();
        return issue(request(profile, name, List.of()));
    }

    public CertificateRequest request(TestProfile profile, X500Name subject, List<String> dnsNames) {
        Instant now = Instant.now().truncatedTo(ChronoUnit.SECONDS);
        return new CertificateRequest(subject, profile, dnsNames, now.minus(1, ChronoUnit.HOURS),
                now.plus(3 * 365, ChronoUnit.DAYS), 2048, "SHA256withRSA", List.of(profile.policy));
    }

    /** Mints a certificate from a (possibly bent) request, signed by the profile's intermediate CA. */
    public IssuedCertificate issue(CertificateRequest r) {
        TestCa ca = r.profile().personal ? TestCa.PERSONNES : TestCa.ORGANISATIONS;
        KeyPair kp = rsa(r.rsaBits());
        List<Extension> ext = new ArrayList<>();
        try {
            ext.add(new Extension(Extension.basicConstraints, true, new BasicConstraints(false).getEncoded()));
            ext.add(new Extension(Extension.keyUsage, true, new KeyUsage(r.profile().keyUsage).getEncoded()));
            ext.add(new Extension(Extension.extendedKeyUsage, false,
                    new ExtendedKeyUsage(r.profile().extendedKeyUsage.toArray(new KeyPurposeId[0])).getEncoded()));
            if (!r.policies().isEmpty()) {
                PolicyInformation[] pis = r.policies().stream()
                        .map(o -> new PolicyInformation(new ASN1ObjectIdentifier(o))).toArray(PolicyInformation[]::new);
                ext.add(new Extension(Extension.certificatePolicies, false, new CertificatePolicies(pis).getEncoded()));
            }
            if (!r.dnsNames().isEmpty()) {
                GeneralName[] names = r.dnsNames().stream().map(d -> new GeneralName(GeneralName.dNSName, d))
                        .toArray(GeneralName[]::new);
                ext.add(new Extension(Extension.subjectAlternativeName, false, new GeneralNames(names).getEncoded()));
            }
            ext.add(new Extension(Extension.cRLDistributionPoints, false, cdp(crlUrl(ca)).getEncoded()));
            if (ocspUrl != null) {
                ext.add(new Extension(Extension.authorityInfoAccess, false, new AuthorityInformationAccess(
                        AccessDescription.id_ad_ocsp, new GeneralName(GeneralName.uniformResourceIdentifier, ocspUrl)).getEncoded()));
            }
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        X509Certificate cert = sign(r.subject(), kp.getPublic(), caName(ca), caKeys.get(ca), caCerts.get(ca),
                r.notBefore(), r.notAfter(), ext, r.signatureAlgorithm());
        return new IssuedCertificate(cert, kp.getPrivate(), List.of(cert, caCerts.get(ca), caCerts.get(ca.parent)));
    }

    // ---- revocation ----

    /** Records a revocation (persisted in revoked.txt); it appears in the next CRL of the issuing CA. */
    public void revoke(X509Certificate certificate, int crlReason) {
        revoke(issuerOf(certificate), certificate.getSerialNumber(), crlReason);
    }

    /** Records the revocation of a serial number of {@code ca} (e.g. to grow a CRL without minting certificates). */
    public void revoke(TestCa ca, BigInteger serial, int crlReason) {
        revocations.add(ca.name() + " " + serial.toString(16) + " " + Instant.now().getEpochSecond() + " " + crlReason);
        try {
            Files.writeString(dir.resolve("revoked.txt"), String.join("\n", revocations) + "\n");
        } catch (IOException e) {
            throw new IllegalStateException("cannot record revocation in " + dir + ": " + e.getMessage(), e);
        }
    }

    public void revoke(X509Certificate certificate) {
        revoke(certificate, CRLReason.keyCompromise);
    }

    /** A CRL of {@code ca} valid from now for {@code validity}. */
    public X509CRL crl(TestCa ca, Duration validity) {
        Instant now = Instant.now().truncatedTo(ChronoUnit.SECONDS);
        return crl(ca, now.minus(1, ChronoUnit.MINUTES), now.plus(validity), null);
    }

    /**
     * A base CRL of {@code ca} with every recorded revocation. {@code freshestCrlUrl} (nullable) advertises a
     * delta CRL. The CRL number is thisUpdate in seconds, so later CRLs have higher numbers.
     */
    public X509CRL crl(TestCa ca, Instant thisUpdate, Instant nextUpdate, String freshestCrlUrl) {
        try {
            X509v2CRLBuilder b = crlBuilder(ca, thisUpdate, nextUpdate);
            for (String line : revocations) {
                String[] f = line.split(" ");
                if (f[0].equals(ca.name())) {
                    b.addCRLEntry(new BigInteger(f[1], 16), Date.from(Instant.ofEpochSecond(Long.parseLong(f[2]))),
                            Integer.parseInt(f[3]));
                }
            }
            b.addExtension(Extension.cRLNumber, false, new CRLNumber(BigInteger.valueOf(thisUpdate.getEpochSecond())));
            if (freshestCrlUrl != null) {
                b.addExtension(Extension.freshestCRL, false, cdp(freshestCrlUrl));
            }
            return signCrl(ca, b);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    /** A delta CRL of {@code ca} over the base CRL numbered {@code baseCrlNumber}, listing the given serials. */
    public X509CRL deltaCrl(TestCa ca, BigInteger baseCrlNumber, Instant thisUpdate, Instant nextUpdate,
                            Collection<X509Certificate> revokedSinceBase) {
        try {
            X509v2CRLBuilder b = crlBuilder(ca, thisUpdate, nextUpdate);
            for (X509Certificate c : revokedSinceBase) {
                b.addCRLEntry(c.getSerialNumber(), Date.from(thisUpdate), CRLReason.keyCompromise);
            }
            b.addExtension(Extension.cRLNumber, false, new CRLNumber(BigInteger.valueOf(thisUpdate.getEpochSecond() + 1)));
            b.addExtension(Extension.deltaCRLIndicator, true, new CRLNumber(baseCrlNumber));
            return signCrl(ca, b);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Writes a fresh CRL (valid {@code validity}) of every CA into {@code dir}/crl/ as DER {@code <file>.crl}. */
    public Path writeCrls(Duration validity) throws IOException {
        Path crlDir = Files.createDirectories(dir.resolve("crl"));
        for (TestCa ca : TestCa.values()) {
            try {
                Files.write(crlDir.resolve(ca.fileName + ".crl"), crl(ca, validity).getEncoded());
            } catch (GeneralSecurityException e) {
                throw new IOException(e);
            }
        }
        return crlDir;
    }

    /**
     * Answers a DER OCSP request like an IGC-Santé responder: each certificate id is answered by the CA
     * that issued it (response signed with that CA's key), GOOD or REVOKED from the recorded revocations,
     * valid one hour; unknown issuers get UNKNOWN. The request nonce is echoed.
     */
    public byte[] answerOcsp(byte[] requestDer) throws IOException {
        try {
            OCSPReq request = new OCSPReq(requestDer);
            Req[] items = request.getRequestList();
            if (items.length == 0) {
                return new OCSPRespBuilder().build(OCSPRespBuilder.MALFORMED_REQUEST, null).getEncoded();
            }
            var digests = new JcaDigestCalculatorProviderBuilder().build();
            TestCa signer = null;
            for (TestCa ca : TestCa.values()) {
                if (items[0].getCertID().matchesIssuer(new X509CertificateHolder(caCerts.get(ca).getEncoded()), digests)) {
                    signer = ca;
                }
            }
            if (signer == null) {
                return new OCSPRespBuilder().build(OCSPRespBuilder.UNAUTHORIZED, null).getEncoded();
            }
            BasicOCSPRespBuilder b = new JcaBasicOCSPRespBuilder(caCerts.get(signer).getPublicKey(),
                    digests.get(CertificateID.HASH_SHA1));
            Date now = new Date();
            Date next = new Date(now.getTime() + 3_600_000L);
            for (Req item : items) {
                CertificateStatus status = CertificateStatus.GOOD;
                if (!item.getCertID().matchesIssuer(new X509CertificateHolder(caCerts.get(signer).getEncoded()), digests)) {
                    status = new UnknownStatus();
                } else {
                    for (String line : revocations) {
                        String[] f = line.split(" ");
                        if (f[0].equals(signer.name()) && new BigInteger(f[1], 16).equals(item.getCertID().getSerialNumber())) {
                            status = new RevokedStatus(Date.from(Instant.ofEpochSecond(Long.parseLong(f[2]))), Integer.parseInt(f[3]));
                        }
                    }
                }
                b.addResponse(item.getCertID(), status, now, next, null);
            }
            Extension nonce = request.getExtension(OCSPObjectIdentifiers.id_pkix_ocsp_nonce);
            if (nonce != null) {
                b.setResponseExtensions(new Extensions(nonce));
            }
            BasicOCSPResp basic = b.build(new JcaContentSignerBuilder("SHA256withRSA").build(caKeys.get(signer)),
                    new X509CertificateHolder[]{new X509CertificateHolder(caCerts.get(signer).getEncoded())}, now);
            return new OCSPRespBuilder().build(OCSPRespBuilder.SUCCESSFUL, basic).getEncoded();
        } catch (OCSPException | OperatorCreationException | GeneralSecurityException e) {
            throw new IOException("cannot answer OCSP request: " + e.getMessage(), e);
        }
    }

    public String ocspUrl() {
        return ocspUrl;
    }

    // ---- liste blanche ----

    /** Writes a liste blanche XML listing, for each domain, the subject DN of each certificate. */
    public Path writeListeBlanche(Path file, Map<String, ? extends Collection<X509Certificate>> domains) throws IOException {
        Map<String, List<String>> dns = new LinkedHashMap<>();
        domains.forEach((domain, certs) -> dns.put(domain,
                certs.stream().map(c -> c.getSubjectX500Principal().getName()).toList()));
        return ListeBlancheWriter.write(file, dns, Instant.now());
    }

    // ---- internals ----

    private TestCa issuerOf(X509Certificate c) {
        for (TestCa ca : TestCa.values()) {
            if (caCerts.get(ca).getSubjectX500Principal().equals(c.getIssuerX500Principal())) {
                try {
                    c.verify(caCerts.get(ca).getPublicKey());
                    return ca;
                } catch (GeneralSecurityException e) {
                    // same name, other key: not ours
                }
            }
        }
        throw new IllegalArgumentException("'" + c.getSubjectX500Principal().getName() + "' was not issued by this test PKI");
    }

    private X509v2CRLBuilder crlBuilder(TestCa ca, Instant thisUpdate, Instant nextUpdate) throws IOException {
        X509v2CRLBuilder b = new X509v2CRLBuilder(caName(ca), Date.from(thisUpdate));
        b.setNextUpdate(Date.from(nextUpdate));
        try {
            b.addExtension(Extension.authorityKeyIdentifier, false,
                    new JcaX509ExtensionUtils().createAuthorityKeyIdentifier(caCerts.get(ca)));
        } catch (GeneralSecurityException e) {
            throw new IOException(e);
        }
        return b;
    }

    private X509CRL signCrl(TestCa ca, X509v2CRLBuilder b) {
        try {
            return new JcaX509CRLConverter().getCRL(b.build(new JcaContentSignerBuilder("SHA256withRSA").build(caKeys.get(ca))));
        } catch (GeneralSecurityException | OperatorCreationException e) {
            throw new IllegalStateException("cannot sign CRL: " + e.getMessage(), e);
        }
    }

    private static X500Name caName(TestCa ca) {
        return new X500Name("CN=" + ca.commonName + "," + ORG_DN_SUFFIX);
    }

    /** Real SERV SSL / ORG subject order: C, ST, O, OU, CN (so RFC 2253 reads CN=..,OU=..,O=..,ST=..,C=FR). */
    static X500Name orgName(String cn, String structureId, String organisation, String state) {
        String org = organisation.length() > 40 ? organisation.substring(0, 40) : organisation;
        return new X500NameBuilder(BCStyle.INSTANCE).addRDN(BCStyle.C, "FR").addRDN(BCStyle.ST, state)
                .addRDN(BCStyle.O, org).addRDN(BCStyle.OU, structureId).addRDN(BCStyle.CN, cn).build();
    }

    private static CRLDistPoint cdp(String url) {
        GeneralNames gns = new GeneralNames(new GeneralName(GeneralName.uniformResourceIdentifier, url));
        return new CRLDistPoint(new DistributionPoint[]{
                new DistributionPoint(new DistributionPointName(gns), null, null)});
    }

    private static List<Extension> caExtensions(int pathLen, String parentCrlUrl) {
        try {
            List<Extension> ext = new ArrayList<>();
            BasicConstraints bc = pathLen < 0 ? new BasicConstraints(true) : new BasicConstraints(pathLen);
            ext.add(new Extension(Extension.basicConstraints, true, bc.getEncoded()));
            ext.add(new Extension(Extension.keyUsage, true, new KeyUsage(KeyUsage.keyCertSign | KeyUsage.cRLSign).getEncoded()));
            if (parentCrlUrl != null) {
                ext.add(new Extension(Extension.cRLDistributionPoints, false, cdp(parentCrlUrl).getEncoded()));
            }
            return ext;
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    private X509Certificate sign(X500Name subject, PublicKey key, X500Name issuer, PrivateKey issuerKey,
                                 X509Certificate issuerCert, Instant from, Instant to, List<Extension> extensions,
                                 String signatureAlgorithm) {
        try {
            X509v3CertificateBuilder b = new JcaX509v3CertificateBuilder(issuer, new BigInteger(127, RANDOM).add(BigInteger.ONE),
                    Date.from(from), Date.from(to), subject, key);
            JcaX509ExtensionUtils utils = new JcaX509ExtensionUtils();
            b.addExtension(Extension.subjectKeyIdentifier, false, utils.createSubjectKeyIdentifier(key));
            b.addExtension(Extension.authorityKeyIdentifier, false, issuerCert == null
                    ? utils.createAuthorityKeyIdentifier(key) : utils.createAuthorityKeyIdentifier(issuerCert));
            for (Extension e : extensions) {
                b.addExtension(e);
            }
            X509CertificateHolder holder = b.build(new JcaContentSignerBuilder(signatureAlgorithm).build(issuerKey));
            return new JcaX509CertificateConverter().getCertificate(holder);
        } catch (GeneralSecurityException | OperatorCreationException | IOException e) {
            throw new IllegalStateException("cannot sign certificate for " + subject + ": " + e.getMessage(), e);
        }
    }

    static KeyPair rsa(int bits) {
        try {
            KeyPairGenerator g = KeyPairGenerator.getInstance("RSA");
            g.initialize(bits, RANDOM);
            return g.generateKeyPair();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    private static X509Certificate readCert(Path file) throws IOException {
        try (PEMParser p = new PEMParser(Files.newBufferedReader(file))) {
            return new JcaX509CertificateConverter().getCertificate((X509CertificateHolder) p.readObject());
        } catch (GeneralSecurityException | ClassCastException e) {
            throw new IOException("not a PEM certificate: " + file, e);
        }
    }

    private static PrivateKey readKey(Path file) throws IOException {
        try (PEMParser p = new PEMParser(Files.newBufferedReader(file))) {
            Object o = p.readObject();
            JcaPEMKeyConverter conv = new JcaPEMKeyConverter();
            if (o instanceof PrivateKeyInfo info) {
                return conv.getPrivateKey(info);
            }
            if (o instanceof PEMKeyPair pair) {
                return conv.getKeyPair(pair).getPrivate();
            }
            throw new IOException("not a PEM private key: " + file);
        }
    }
}
