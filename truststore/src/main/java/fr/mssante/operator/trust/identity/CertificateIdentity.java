package fr.mssante.operator.trust.identity;

import java.security.cert.CertificateParsingException;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.bouncycastle.asn1.ASN1ObjectIdentifier;
import org.bouncycastle.asn1.ASN1String;
import org.bouncycastle.asn1.x500.AttributeTypeAndValue;
import org.bouncycastle.asn1.x500.RDN;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x500.style.BCStyle;
import org.bouncycastle.asn1.x500.style.IETFUtils;

/**
 * Who a certificate speaks for: MTA FQDN (SAN dNSName, else a host-like CN), national structure id (OU),
 * organisation (O), and for personal certificates the national professional id (CN made of a type digit,
 * {@code 8} RPPS or {@code 0} ADELI, and the identifier — the CN convention is [assumed], see docs).
 */
public record CertificateIdentity(List<String> fqdns, Optional<StructureId> structureId, Optional<String> organisation,
                                  Optional<String> professionalId, String commonName) {

    public static CertificateIdentity of(X509Certificate c) {
        X500Name subject = X500Name.getInstance(c.getSubjectX500Principal().getEncoded());
        String cn = first(subject, BCStyle.CN).orElse("");
        List<String> fqdns = new ArrayList<>();
        try {
            if (c.getSubjectAlternativeNames() != null) {
                for (List<?> san : c.getSubjectAlternativeNames()) {
                    if (Integer.valueOf(2).equals(san.get(0))) {
                        fqdns.add(((String) san.get(1)).toLowerCase(java.util.Locale.ROOT));
                    }
                }
            }
        } catch (CertificateParsingException e) {
            // unreadable SAN: fall back to the CN below
        }
        if (fqdns.isEmpty() && looksLikeHost(cn)) {
            fqdns.add(cn.toLowerCase(java.util.Locale.ROOT));
        }
        Optional<StructureId> structure = Optional.empty();
        for (String ou : all(subject, BCStyle.OU)) {
            structure = StructureId.parse(ou.trim());
            if (structure.isPresent()) {
                break;
            }
        }
        Optional<String> professional = cn.matches("[08][0-9]{8,14}") ? Optional.of(cn) : Optional.empty();
        return new CertificateIdentity(List.copyOf(fqdns), structure, first(subject, BCStyle.O), professional, cn);
    }

    /** The first FQDN, the MTA name an operator certificate speaks for. */
    public Optional<String> fqdn() {
        return fqdns.isEmpty() ? Optional.empty() : Optional.of(fqdns.get(0));
    }

    /** True if one of the FQDNs equals {@code host} (case-insensitive); a leading {@code *.} matches one label. */
    public boolean matchesHost(String host) {
        String h = host.toLowerCase(java.util.Locale.ROOT);
        for (String name : fqdns) {
            if (name.equals(h)) {
                return true;
            }
            if (name.startsWith("*.") && h.indexOf('.') > 0 && h.substring(h.indexOf('.')).equals(name.substring(1))) {
                return true;
            }
        }
        return false;
    }

    static boolean looksLikeHost(String cn) {
        return cn.matches("(?i)([a-z0-9]([a-z0-9-]*[a-z0-9])?\\.)+[a-z]{2,}");
    }

    private static Optional<String> first(X500Name name, ASN1ObjectIdentifier type) {
        List<String> values = all(name, type);
        return values.isEmpty() ? Optional.empty() : Optional.of(values.get(0));
    }

    private static List<String> all(X500Name name, ASN1ObjectIdentifier type) {
        List<String> out = new ArrayList<>();
        for (RDN rdn : name.getRDNs(type)) {
            for (AttributeTypeAndValue atv : rdn.getTypesAndValues()) {
                if (atv.getType().equals(type)) {
                    out.add(atv.getValue() instanceof ASN1String s ? s.getString() : IETFUtils.valueToString(atv.getValue()));
                }
            }
        }
        return out;
    }
}
