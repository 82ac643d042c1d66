package fr.mssante.operator.trust.validation;

import fr.mssante.operator.trust.anchor.Hierarchy;
import fr.mssante.operator.trust.anchor.TrustAnchors;
import java.security.GeneralSecurityException;
import java.security.InvalidAlgorithmParameterException;
import java.security.NoSuchAlgorithmException;
import java.security.cert.CertPathValidator;
import java.security.cert.CertPathValidatorException;
import java.security.cert.CertPathValidatorException.BasicReason;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.PKIXParameters;
import java.security.cert.TrustAnchor;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Date;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.bouncycastle.asn1.ASN1OctetString;
import org.bouncycastle.asn1.x509.AuthorityKeyIdentifier;
import org.bouncycastle.asn1.x509.Extension;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Validates a certificate against the IGC-Santé trust anchors for one {@link CertificateProfile}.
 *
 * <p>Order of checks, so that the verdict names the most precise reason: decoding, leaf dates, path to a
 * configured root (issuer chosen by name, key identifier and signature; then the JDK PKIX validator on that
 * path for CA constraints), key strength, profile, revocation of every non-root certificate of the path.
 *
 * <p>Validated paths are cached per leaf certificate: a warm validation only compares dates, sets and a CRL
 * entry lookup. Thread-safe.
 */
public final class CertificateValidator {
    private static final Logger LOG = LoggerFactory.getLogger(CertificateValidator.class);
    private static final int MAX_PATH = 6;
    private static final int MAX_CACHED_PATHS = 20_000;

    private final TrustAnchors anchors;
    private final ProfilePolicies policies;
    private final RevocationChecker revocation;
    private final Clock clock;
    private final Map<X509Certificate, CachedPath> paths = new ConcurrentHashMap<>();

    public CertificateValidator(TrustAnchors anchors, ProfilePolicies policies, RevocationChecker revocation,
                                Clock clock) {
        this.anchors = anchors;
        this.policies = policies;
        this.revocation = revocation;
        this.clock = clock;
    }

    public TrustAnchors anchors() {
        return anchors;
    }

    public Verdict validate(X509Certificate certificate, CertificateProfile profile) {
        return validate(List.of(certificate), profile);
    }

    /**
     * @param presented the leaf first, then any intermediates the peer sent (they are used to build the path,
     *                  never trusted by themselves)
     */
    public Verdict validate(List<X509Certificate> presented, CertificateProfile profile) {
        if (presented == null || presented.isEmpty() || presented.get(0) == null) {
            return Verdict.refused(RefusalReason.MALFORMED, "no certificate presented");
        }
        X509Certificate leaf = presented.get(0);
        long now = clock.millis();
        String subject = leaf.getSubjectX500Principal().getName();
        if (now > leaf.getNotAfter().getTime()) {
            return Verdict.refused(RefusalReason.EXPIRED, "'" + subject + "' expired on " + leaf.getNotAfter().toInstant());
        }
        if (now < leaf.getNotBefore().getTime()) {
            return Verdict.refused(RefusalReason.NOT_YET_VALID,
                    "'" + subject + "' is not valid before " + leaf.getNotBefore().toInstant());
        }
        CachedPath cached = paths.get(leaf);
        if (cached == null) {
            Object built = buildAndCheck(presented, now);
            if (built instanceof Verdict refusal) {
                return refusal;
            }
            cached = (CachedPath) built;
            if (paths.size() >= MAX_CACHED_PATHS) {
                paths.clear();
            }
            paths.put(leaf, cached);
        } else if (now > cached.chainNotAfter || now < cached.chainNotBefore) {
            paths.remove(leaf);
            return validate(presented, profile);
        }
        if (cached.facts.weakness() != null) {
            return Verdict.refused(RefusalReason.WEAK_KEY, "'" + subject + "': " + cached.facts.weakness());
        }
        String mismatch = cached.facts.profileMismatch(profile, policies);
        if (mismatch != null) {
            return Verdict.refused(RefusalReason.WRONG_PROFILE, "'" + subject + "': " + mismatch);
        }
        List<X509Certificate> path = cached.path;
        for (int i = 0; i < path.size() - 1; i++) {
            RevocationStatus status = revocation.check(path.get(i), path.get(i + 1));
            if (status.state() == RevocationStatus.State.REVOKED) {
                return Verdict.refused(RefusalReason.REVOKED,
                        "'" + path.get(i).getSubjectX500Principal().getName() + "' " + status.detail());
            }
            if (status.state() == RevocationStatus.State.UNAVAILABLE) {
                return Verdict.refused(RefusalReason.CRL_UNAVAILABLE,
                        "revocation status of '" + path.get(i).getSubjectX500Principal().getName() + "' unknown: "
                                + status.detail());
            }
        }
        return Verdict.accepted(path);
    }

    /** Drops cached paths, e.g. after the anchors' CRLs or configuration changed. */
    public void clearCache() {
        paths.clear();
    }

    private Object buildAndCheck(List<X509Certificate> presented, long now) {
        X509Certificate current = presented.get(0);
        Hierarchy hierarchy = Hierarchy.markedBy(current);
        if (hierarchy != null && hierarchy != anchors.hierarchy()) {
            return Verdict.refused(RefusalReason.WRONG_HIERARCHY, "'" + current.getSubjectX500Principal().getName()
                    + "' belongs to the IGC-Santé " + hierarchy + " hierarchy; this trust space accepts only "
                    + anchors.hierarchy());
        }
        List<X509Certificate> path = new ArrayList<>();
        path.add(current);
        while (!anchors.isRoot(current)) {
            if (path.size() > MAX_PATH) {
                return Verdict.refused(RefusalReason.INVALID_CHAIN, "path longer than " + MAX_PATH + " certificates");
            }
            if (TrustAnchors.isSelfSigned(current)) {
                String name = current.getSubjectX500Principal().getName();
                return Verdict.refused(RefusalReason.UNKNOWN_ISSUER, "presented root '" + name + "' is not a configured "
                        + "IGC-Santé root" + (anchors.withSubject(current.getSubjectX500Principal()).isEmpty() ? ""
                        : " (same name, other key: look-alike CA?)"));
            }
            X509Certificate issuer = findIssuer(current, presented);
            if (issuer == null) {
                return unknownIssuer(current);
            }
            if (path.contains(issuer)) {
                return Verdict.refused(RefusalReason.INVALID_CHAIN, "certificate loop at '"
                        + issuer.getSubjectX500Principal().getName() + "'");
            }
            path.add(issuer);
            current = issuer;
        }
        for (X509Certificate ca : path.subList(1, path.size())) {
            String weakness = CertificateFacts.weaknessOf(ca);
            if (weakness != null && !anchors.isRoot(ca)) {
                return Verdict.refused(RefusalReason.WEAK_KEY, "CA '" + ca.getSubjectX500Principal().getName() + "': " + weakness);
            }
        }
        Verdict pkix = pkix(path, now);
        if (pkix != null) {
            return pkix;
        }
        long notAfter = Long.MAX_VALUE;
        long notBefore = Long.MIN_VALUE;
        for (X509Certificate c : path) {
            notAfter = Math.min(notAfter, c.getNotAfter().getTime());
            notBefore = Math.max(notBefore, c.getNotBefore().getTime());
        }
        return new CachedPath(List.copyOf(path), CertificateFacts.of(path.get(0)), notAfter, notBefore);
    }

    /** The configured (or presented) CA whose name, key identifier and key match the certificate's signature. */
    private X509Certificate findIssuer(X509Certificate cert, List<X509Certificate> presented) {
        byte[] aki = authorityKeyId(cert);
        List<X509Certificate> candidates = new ArrayList<>(anchors.withSubject(cert.getIssuerX500Principal()));
        for (X509Certificate p : presented.subList(1, presented.size())) {
            if (p.getSubjectX500Principal().equals(cert.getIssuerX500Principal()) && !candidates.contains(p)) {
                candidates.add(p);
            }
        }
        for (X509Certificate candidate : candidates) {
            byte[] ski = subjectKeyId(candidate);
            if (aki != null && ski != null && !Arrays.equals(aki, ski)) {
                continue;
            }
            try {
                cert.verify(candidate.getPublicKey());
                return candidate;
            } catch (GeneralSecurityException e) {
                LOG.debug("'{}' not signed by candidate issuer {}: {}", cert.getSubjectX500Principal(),
                        candidate.getSerialNumber(), e.toString());
            }
        }
        return null;
    }

    private Verdict unknownIssuer(X509Certificate cert) {
        String issuerName = cert.getIssuerX500Principal().getName();
        String subject = cert.getSubjectX500Principal().getName();
        if (!anchors.withSubject(cert.getIssuerX500Principal()).isEmpty()) {
            return Verdict.refused(RefusalReason.UNKNOWN_ISSUER, "'" + subject + "' names issuer '" + issuerName
                    + "' but no configured CA of that name signed it (other key: look-alike CA?)");
        }
        return Verdict.refused(RefusalReason.UNKNOWN_ISSUER,
                "issuer '" + issuerName + "' of '" + subject + "' is not a configured IGC-Santé CA");
    }

    private static Verdict pkix(List<X509Certificate> path, long now) {
        X509Certificate root = path.get(path.size() - 1);
        try {
            CertificateFactory cf = CertificateFactory.getInstance("X.509");
            PKIXParameters params = new PKIXParameters(Set.of(new TrustAnchor(root, null)));
            params.setRevocationEnabled(false);
            params.setPolicyQualifiersRejected(false);
            params.setDate(new Date(now));
            CertPathValidator.getInstance("PKIX").validate(cf.generateCertPath(path.subList(0, path.size() - 1)), params);
            return null;
        } catch (CertPathValidatorException e) {
            String where = e.getIndex() >= 0 && e.getIndex() < path.size()
                    ? "'" + path.get(e.getIndex()).getSubjectX500Principal().getName() + "': " : "";
            if (e.getReason() == BasicReason.EXPIRED) {
                return Verdict.refused(RefusalReason.EXPIRED, where + "expired (" + e.getMessage() + ")");
            }
            if (e.getReason() == BasicReason.NOT_YET_VALID) {
                return Verdict.refused(RefusalReason.NOT_YET_VALID, where + "not yet valid (" + e.getMessage() + ")");
            }
            if (e.getReason() == BasicReason.INVALID_SIGNATURE) {
                return Verdict.refused(RefusalReason.UNKNOWN_ISSUER, where + e.getMessage());
            }
            if (e.getReason() == BasicReason.ALGORITHM_CONSTRAINED) {
                return Verdict.refused(RefusalReason.WEAK_KEY, where + e.getMessage());
            }
            return Verdict.refused(RefusalReason.INVALID_CHAIN, where + e.getMessage());
        } catch (CertificateException | InvalidAlgorithmParameterException | NoSuchAlgorithmException e) {
            return Verdict.refused(RefusalReason.MALFORMED, "cannot check the path: " + e.getMessage());
        }
    }

    static byte[] authorityKeyId(X509Certificate c) {
        byte[] ext = c.getExtensionValue(Extension.authorityKeyIdentifier.getId());
        if (ext == null) {
            return null;
        }
        try {
            return AuthorityKeyIdentifier.getInstance(ASN1OctetString.getInstance(ext).getOctets()).getKeyIdentifier();
        } catch (RuntimeException e) {
            return null;
        }
    }

    static byte[] subjectKeyId(X509Certificate c) {
        byte[] ext = c.getExtensionValue(Extension.subjectKeyIdentifier.getId());
        if (ext == null) {
            return null;
        }
        try {
            return ASN1OctetString.getInstance(ASN1OctetString.getInstance(ext).getOctets()).getOctets();
        } catch (RuntimeException e) {
            return null;
        }
    }

    private record CachedPath(List<X509Certificate> path, CertificateFacts facts, long chainNotAfter,
                              long chainNotBefore) {
    }
}
