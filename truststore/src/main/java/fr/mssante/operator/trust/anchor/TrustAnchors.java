package fr.mssante.operator.trust.anchor;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import javax.security.auth.x500.X500Principal;

/**
 * The IGC-Santé certificates we trust: self-signed roots and the intermediates under them, all of one
 * {@link Hierarchy}. Loaded from PEM (several certificates or a PKCS#7 block), DER, or a PKCS#7 bundle
 * such as {@code Chaine_de_certification-IGC-Sante.p7b}.
 */
public final class TrustAnchors {
    private final Hierarchy hierarchy;
    private final List<X509Certificate> roots;
    private final List<X509Certificate> intermediates;
    private final Map<X500Principal, List<X509Certificate>> bySubject = new HashMap<>();

    private TrustAnchors(Hierarchy hierarchy, List<X509Certificate> roots, List<X509Certificate> intermediates) {
        this.hierarchy = hierarchy;
        this.roots = List.copyOf(roots);
        this.intermediates = List.copyOf(intermediates);
        for (X509Certificate c : this.roots) {
            bySubject.computeIfAbsent(c.getSubjectX500Principal(), k -> new ArrayList<>()).add(c);
        }
        for (X509Certificate c : this.intermediates) {
            bySubject.computeIfAbsent(c.getSubjectX500Principal(), k -> new ArrayList<>()).add(c);
        }
    }

    /**
     * Loads anchors from files. {@code expected} may be null to infer the hierarchy from the content;
     * either way a set that mixes PRODUCTION and TEST certificates is refused.
     */
    public static TrustAnchors load(Hierarchy expected, Collection<Path> files) {
        List<X509Certificate> all = new ArrayList<>();
        for (Path file : files) {
            all.addAll(readCertificates(file));
        }
        return of(expected, all);
    }

    public static TrustAnchors of(Hierarchy expected, Collection<X509Certificate> certificates) {
        if (certificates.isEmpty()) {
            throw new IllegalArgumentException("no trust anchor certificate given");
        }
        Set<X509Certificate> unique = new LinkedHashSet<>(certificates);
        Hierarchy hierarchy = expected;
        List<X509Certificate> roots = new ArrayList<>();
        List<X509Certificate> intermediates = new ArrayList<>();
        for (X509Certificate c : unique) {
            Hierarchy h = Hierarchy.of(c);
            if (hierarchy == null) {
                hierarchy = h;
            } else if (h != hierarchy) {
                throw new IllegalArgumentException("refusing to mix IGC-Santé hierarchies: " + h + " certificate '"
                        + c.getSubjectX500Principal().getName() + "' in a " + hierarchy + " trust anchor set");
            }
            if (c.getBasicConstraints() < 0) {
                throw new IllegalArgumentException("'" + c.getSubjectX500Principal().getName()
                        + "' is not a CA certificate (no basicConstraints cA=true): it cannot be a trust anchor");
            }
            (isSelfSigned(c) ? roots : intermediates).add(c);
        }
        if (roots.isEmpty()) {
            throw new IllegalArgumentException("the anchor set has no self-signed root certificate");
        }
        return new TrustAnchors(hierarchy, roots, intermediates);
    }

    /** Reads every certificate of a PEM, DER or PKCS#7 (DER or PEM) file. */
    public static List<X509Certificate> readCertificates(Path file) {
        byte[] bytes;
        try {
            bytes = Files.readAllBytes(file);
        } catch (IOException e) {
            throw new IllegalArgumentException("cannot read certificate file " + file + ": " + e.getMessage(), e);
        }
        try {
            return parseCertificates(bytes);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(file + ": " + e.getMessage(), e);
        }
    }

    public static List<X509Certificate> parseCertificates(byte[] bytes) {
        try {
            CertificateFactory factory = CertificateFactory.getInstance("X.509");
            List<X509Certificate> out = new ArrayList<>();
            for (var c : factory.generateCertificates(new ByteArrayInputStream(bytes))) {
                out.add((X509Certificate) c);
            }
            if (out.isEmpty()) {
                throw new IllegalArgumentException("no certificate found (expected PEM, DER or PKCS#7)");
            }
            return out;
        } catch (CertificateException e) {
            throw new IllegalArgumentException("not a PEM, DER or PKCS#7 certificate file: " + e.getMessage(), e);
        }
    }

    public static boolean isSelfSigned(X509Certificate c) {
        if (!c.getSubjectX500Principal().equals(c.getIssuerX500Principal())) {
            return false;
        }
        try {
            c.verify(c.getPublicKey());
            return true;
        } catch (GeneralSecurityException e) {
            return false;
        }
    }

    public Hierarchy hierarchy() {
        return hierarchy;
    }

    public List<X509Certificate> roots() {
        return roots;
    }

    public List<X509Certificate> intermediates() {
        return intermediates;
    }

    /** Configured certificates (roots and intermediates) whose subject is {@code name}. */
    public List<X509Certificate> withSubject(X500Principal name) {
        return bySubject.getOrDefault(name, List.of());
    }

    public boolean isRoot(X509Certificate c) {
        return roots.contains(c);
    }

    public List<X509Certificate> all() {
        List<X509Certificate> all = new ArrayList<>(roots);
        all.addAll(intermediates);
        return all;
    }

    @Override
    public String toString() {
        return hierarchy + " anchors: " + roots.size() + " root(s), " + intermediates.size() + " intermediate(s)";
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof TrustAnchors t && t.hierarchy == hierarchy && t.roots.equals(roots)
                && t.intermediates.equals(intermediates);
    }

    @Override
    public int hashCode() {
        return Objects.hash(hierarchy, roots, intermediates);
    }
}
