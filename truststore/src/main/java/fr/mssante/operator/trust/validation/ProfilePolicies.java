package fr.mssante.operator.trust.validation;

import fr.mssante.operator.trust.anchor.Hierarchy;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;

/**
 * Which certificate policy OIDs each profile accepts. An entry is an exact OID, or an arc ending in
 * {@code .*} that accepts every OID under it. Only the production SERV SSL OID is sourced; the others are
 * assumptions kept in configuration (see docs/truststore.md).
 */
public final class ProfilePolicies {
    /** SERV SSL production policy, seen on a real operator certificate. */
    public static final String PROD_SERV_SSL = "1.2.250.1.213.1.7.1.1.2.5.1";
    /** Policy seen on IGC-Santé TEST certificates. */
    public static final String TEST_POLICY = "1.2.250.1.213.1.7.2.1.1.1.1";
    /** [assumed] arc of production IGC-Santé policies other than SERV SSL. */
    public static final String PROD_ARC = "1.2.250.1.213.1.7.1.*";
    /** [assumed] arc of TEST IGC-Santé policies. */
    public static final String TEST_ARC = "1.2.250.1.213.1.7.2.*";

    private final Map<CertificateProfile, List<String>> accepted;

    public ProfilePolicies(Map<CertificateProfile, List<String>> accepted) {
        this.accepted = new EnumMap<>(CertificateProfile.class);
        for (CertificateProfile p : CertificateProfile.values()) {
            List<String> oids = accepted.get(p);
            if (oids == null || oids.isEmpty()) {
                throw new IllegalArgumentException("no certificate policy configured for profile " + p);
            }
            oids.forEach(ProfilePolicies::checkOid);
            this.accepted.put(p, List.copyOf(oids));
        }
    }

    public static ProfilePolicies defaults(Hierarchy hierarchy) {
        Map<CertificateProfile, List<String>> m = new EnumMap<>(CertificateProfile.class);
        for (CertificateProfile p : CertificateProfile.values()) {
            if (hierarchy == Hierarchy.TEST) {
                m.put(p, List.of(TEST_ARC));
            } else {
                boolean servSsl = p == CertificateProfile.SERV_SSL_SERVER || p == CertificateProfile.SERV_SSL_CLIENT;
                m.put(p, List.of(servSsl ? PROD_SERV_SSL : PROD_ARC));
            }
        }
        return new ProfilePolicies(m);
    }

    /**
     * Defaults overridden by properties {@code <prefix><PROFILE>=oid,oid,arc.*}, e.g.
     * {@code mssante.trust.policy.ORG_SIGNATURE=1.2.250.1.213.1.7.1.1.1.1}.
     */
    public static ProfilePolicies fromProperties(Hierarchy hierarchy, Properties props, String prefix) {
        Map<CertificateProfile, List<String>> m = new EnumMap<>(defaults(hierarchy).accepted);
        for (CertificateProfile p : CertificateProfile.values()) {
            String v = props.getProperty(prefix + p.name());
            if (v != null && !v.isBlank()) {
                m.put(p, List.of(v.trim().split("\\s*,\\s*")));
            }
        }
        return new ProfilePolicies(m);
    }

    public List<String> acceptedFor(CertificateProfile profile) {
        return accepted.get(profile);
    }

    /** True when one of the certificate's policies is accepted for the profile. */
    public boolean accepts(CertificateProfile profile, Set<String> certificatePolicies) {
        for (String pattern : accepted.get(profile)) {
            if (pattern.endsWith(".*")) {
                String arc = pattern.substring(0, pattern.length() - 1);
                for (String oid : certificatePolicies) {
                    if (oid.startsWith(arc)) {
                        return true;
                    }
                }
            } else if (certificatePolicies.contains(pattern)) {
                return true;
            }
        }
        return false;
    }

    private static void checkOid(String pattern) {
        String oid = pattern.endsWith(".*") ? pattern.substring(0, pattern.length() - 2) : pattern;
        if (!oid.matches("[0-2](\\.[0-9]+)+")) {
            throw new IllegalArgumentException("invalid certificate policy OID '" + pattern + "'");
        }
    }
}
