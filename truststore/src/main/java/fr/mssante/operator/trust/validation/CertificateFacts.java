package fr.mssante.operator.trust.validation;

import fr.mssante.operator.trust.validation.CertificateProfile.KeyUsageBit;
import java.io.IOException;
import java.security.PublicKey;
import java.security.cert.CertificateParsingException;
import java.security.cert.X509Certificate;
import java.security.interfaces.ECPublicKey;
import java.security.interfaces.RSAPublicKey;
import java.util.EnumSet;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import org.bouncycastle.asn1.ASN1Primitive;
import org.bouncycastle.asn1.x509.CertificatePolicies;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.PolicyInformation;
import org.bouncycastle.cert.jcajce.JcaX509ExtensionUtils;

/**
 * What a profile check needs from a certificate, decoded once so that warm validations only compare sets.
 */
public record CertificateFacts(Set<KeyUsageBit> keyUsage, Set<String> extendedKeyUsage, Set<String> policies,
                               String weakness) {

    public static final int MIN_RSA_BITS = 2048;
    public static final int MIN_EC_BITS = 256;

    public static CertificateFacts of(X509Certificate c) {
        Set<KeyUsageBit> ku = EnumSet.noneOf(KeyUsageBit.class);
        boolean[] bits = c.getKeyUsage();
        if (bits != null) {
            KeyUsageBit[] all = KeyUsageBit.values();
            for (int i = 0; i < bits.length && i < all.length; i++) {
                if (bits[i]) {
                    ku.add(all[i]);
                }
            }
        }
        Set<String> eku;
        try {
            List<String> l = c.getExtendedKeyUsage();
            eku = l == null ? Set.of() : Set.copyOf(l);
        } catch (CertificateParsingException e) {
            eku = Set.of();
        }
        return new CertificateFacts(Set.copyOf(ku), eku, policiesOf(c), weaknessOf(c));
    }

    static Set<String> policiesOf(X509Certificate c) {
        byte[] ext = c.getExtensionValue(Extension.certificatePolicies.getId());
        if (ext == null) {
            return Set.of();
        }
        try {
            ASN1Primitive value = JcaX509ExtensionUtils.parseExtensionValue(ext);
            Set<String> out = new HashSet<>();
            for (PolicyInformation pi : CertificatePolicies.getInstance(value).getPolicyInformation()) {
                out.add(pi.getPolicyIdentifier().getId());
            }
            return Set.copyOf(out);
        } catch (IOException | RuntimeException e) {
            return Set.of();
        }
    }

    /** Null when the key and signature meet the baseline (RSA ≥ 2048, EC ≥ 256, SHA-2), else why not. */
    public static String weaknessOf(X509Certificate c) {
        PublicKey key = c.getPublicKey();
        if (key instanceof RSAPublicKey rsa && rsa.getModulus().bitLength() < MIN_RSA_BITS) {
            return "RSA key of " + rsa.getModulus().bitLength() + " bits (minimum " + MIN_RSA_BITS + ")";
        }
        if (key instanceof ECPublicKey ec && ec.getParams().getCurve().getField().getFieldSize() < MIN_EC_BITS) {
            return "EC key of " + ec.getParams().getCurve().getField().getFieldSize() + " bits (minimum "
                    + MIN_EC_BITS + ")";
        }
        String alg = c.getSigAlgName().toUpperCase(Locale.ROOT);
        if (alg.startsWith("SHA1") || alg.startsWith("MD5") || alg.startsWith("MD2")) {
            return "signature algorithm " + c.getSigAlgName() + " (SHA-2 required)";
        }
        return null;
    }

    /** Null when the certificate fits the profile, else what is missing. */
    public String profileMismatch(CertificateProfile profile, ProfilePolicies policies) {
        if (keyUsage.stream().noneMatch(profile.anyOfKeyUsage()::contains)) {
            return "key usage " + keyUsage + " lacks any of " + profile.anyOfKeyUsage() + " required for " + profile;
        }
        if (profile.requiredEku() != null && !extendedKeyUsage.contains(profile.requiredEku().oid)) {
            return "extended key usage " + extendedKeyUsage + " lacks " + profile.requiredEku() + " required for "
                    + profile;
        }
        if (!policies.accepts(profile, this.policies)) {
            return "certificate policies " + this.policies + " not accepted for " + profile + " (accepted: "
                    + policies.acceptedFor(profile) + ")";
        }
        return null;
    }
}
