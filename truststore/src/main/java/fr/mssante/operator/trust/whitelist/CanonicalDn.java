package fr.mssante.operator.trust.whitelist;

import java.text.Normalizer;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import javax.security.auth.x500.X500Principal;
import org.bouncycastle.asn1.ASN1String;
import org.bouncycastle.asn1.x500.AttributeTypeAndValue;
import org.bouncycastle.asn1.x500.RDN;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x500.style.BCStyle;
import org.bouncycastle.asn1.x500.style.IETFUtils;

/**
 * A distinguished name in a form where two spellings of the same name are equal: attribute order,
 * spacing around separators and inside values, letter case and Unicode composition do not matter.
 * {@code "CN=a.fr, OU=1690000100,O=X,ST=Rhône (69),C=FR"} equals a certificate subject encoded C first.
 */
public final class CanonicalDn {
    private final String canonical;
    private final String display;
    private final String commonName;

    private CanonicalDn(X500Name name, String display) {
        this.canonical = canonicalOf(name);
        this.display = display;
        RDN[] cn = name.getRDNs(BCStyle.CN);
        this.commonName = cn.length == 0 ? null
                : normalizeValue(cn[0].getFirst().getValue() instanceof ASN1String s ? s.getString()
                : IETFUtils.valueToString(cn[0].getFirst().getValue()));
    }

    /** Parses an RFC 2253/4514 string such as the liste blanche's {@code DNCertificatOperateur}. */
    public static CanonicalDn parse(String dn) {
        if (dn == null || dn.isBlank()) {
            throw new IllegalArgumentException("empty distinguished name");
        }
        X500Name name;
        try {
            name = new X500Name(BCStyle.INSTANCE, dn.trim());
        } catch (RuntimeException e) {
            throw new IllegalArgumentException("invalid distinguished name '" + dn + "': " + e.getMessage(), e);
        }
        if (name.getRDNs().length == 0) {
            throw new IllegalArgumentException("invalid distinguished name '" + dn + "': no attribute");
        }
        return new CanonicalDn(name, dn.trim());
    }

    public static CanonicalDn of(X500Principal principal) {
        return new CanonicalDn(X500Name.getInstance(principal.getEncoded()), principal.getName());
    }

    private static String canonicalOf(X500Name name) {
        List<String> parts = new ArrayList<>();
        for (RDN rdn : name.getRDNs()) {
            for (AttributeTypeAndValue atv : rdn.getTypesAndValues()) {
                String value = atv.getValue() instanceof ASN1String s ? s.getString() : IETFUtils.valueToString(atv.getValue());
                parts.add(atv.getType().getId() + "=" + normalizeValue(value));
            }
        }
        parts.sort(null);
        return String.join("\u0000", parts);
    }

    /** NFKC (only when needed), whitespace runs collapsed to one space, trimmed, lower case. */
    static String normalizeValue(String v) {
        String n = Normalizer.isNormalized(v, Normalizer.Form.NFKC) ? v : Normalizer.normalize(v, Normalizer.Form.NFKC);
        StringBuilder sb = new StringBuilder(n.length());
        boolean pendingSpace = false;
        for (int i = 0; i < n.length(); i++) {
            char c = n.charAt(i);
            if (Character.isWhitespace(c)) {
                pendingSpace = sb.length() > 0;
            } else {
                if (pendingSpace) {
                    sb.append(' ');
                    pendingSpace = false;
                }
                sb.append(c);
            }
        }
        return sb.toString().toLowerCase(Locale.ROOT);
    }

    /** The CN in normal form (lower case): for operator certificates, the MTA host name; null if none. */
    public String commonName() {
        return commonName;
    }

    /** The DN as it was written (for logs and messages). */
    @Override
    public String toString() {
        return display;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof CanonicalDn other && other.canonical.equals(canonical);
    }

    @Override
    public int hashCode() {
        return canonical.hashCode();
    }
}
