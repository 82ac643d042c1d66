package fr.mssante.operator.trust.anchor;

import java.security.cert.X509Certificate;
import java.util.Locale;

/**
 * The two IGC-Santé hierarchies. TEST certificates carry {@code OU=IGC-SANTE TEST} and CA names prefixed
 * with {@code TEST }; they must never be accepted by a production trust space, nor the reverse.
 */
public enum Hierarchy {
    PRODUCTION,
    TEST;

    /** Classifies a certificate by its issuer and subject names. */
    public static Hierarchy of(X509Certificate certificate) {
        return isTestName(certificate.getSubjectX500Principal().getName())
                || isTestName(certificate.getIssuerX500Principal().getName()) ? TEST : PRODUCTION;
    }

    /**
     * The hierarchy a certificate's names positively point to (TEST markers, or the production
     * {@code OU=IGC-SANTE} / {@code AC ... IGC-SANTE} CA names), or null when its names say nothing.
     */
    public static Hierarchy markedBy(X509Certificate certificate) {
        String subject = certificate.getSubjectX500Principal().getName();
        String issuer = certificate.getIssuerX500Principal().getName();
        if (isTestName(subject) || isTestName(issuer)) {
            return TEST;
        }
        return isProductionCaName(subject) || isProductionCaName(issuer) ? PRODUCTION : null;
    }

    private static boolean isProductionCaName(String rfc2253) {
        String upper = rfc2253.toUpperCase(Locale.ROOT);
        return upper.contains("OU=IGC-SANTE,") || upper.endsWith("OU=IGC-SANTE")
                || (upper.contains("CN=AC ") && upper.contains("IGC-SANTE"));
    }

    static boolean isTestName(String rfc2253) {
        String upper = rfc2253.toUpperCase(Locale.ROOT);
        return upper.contains("OU=IGC-SANTE TEST") || upper.contains("CN=TEST AC ");
    }

    public static Hierarchy parse(String value) {
        try {
            return valueOf(value.trim().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("unknown IGC-Santé hierarchy '" + value + "': expected PRODUCTION or TEST");
        }
    }
}
