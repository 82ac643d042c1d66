package fr.mssante.operator.trust.validation;

import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * The IGC-Santé certificate profiles the trust space tells apart. Each names the key usages of which at
 * least one must be present, the extended key usage it needs (if any), and a one-line description.
 * Policy OIDs are not here: they are configuration ({@link ProfilePolicies}).
 */
public enum CertificateProfile {
    SERV_SSL_SERVER("operator MTA certificate (SERV SSL) presented as a TLS server",
            Set.of(KeyUsageBit.DIGITAL_SIGNATURE, KeyUsageBit.KEY_ENCIPHERMENT), ExtendedKeyUsage.SERVER_AUTH),
    SERV_SSL_CLIENT("operator MTA certificate (SERV SSL) presented as a TLS client",
            Set.of(KeyUsageBit.DIGITAL_SIGNATURE), ExtendedKeyUsage.CLIENT_AUTH),
    ORG_AUTH("organisation certificate, client authentication (software, LPS)",
            Set.of(KeyUsageBit.DIGITAL_SIGNATURE), ExtendedKeyUsage.CLIENT_AUTH),
    ORG_SIGNATURE("organisation certificate, signature",
            Set.of(KeyUsageBit.NON_REPUDIATION), null),
    ORG_CONFIDENTIALITY("organisation certificate, confidentiality (encryption)",
            Set.of(KeyUsageBit.KEY_ENCIPHERMENT, KeyUsageBit.KEY_AGREEMENT), ExtendedKeyUsage.EMAIL_PROTECTION),
    PERSONAL_SIGNATURE("personal certificate (CPS / e-CPS), signature",
            Set.of(KeyUsageBit.NON_REPUDIATION), ExtendedKeyUsage.EMAIL_PROTECTION),
    PERSONAL_ENCRYPTION("personal certificate (CPS / e-CPS), encryption",
            Set.of(KeyUsageBit.KEY_ENCIPHERMENT, KeyUsageBit.KEY_AGREEMENT), ExtendedKeyUsage.EMAIL_PROTECTION);

    /** Key usage bits, in the order of {@link java.security.cert.X509Certificate#getKeyUsage()}. */
    public enum KeyUsageBit {
        DIGITAL_SIGNATURE, NON_REPUDIATION, KEY_ENCIPHERMENT, DATA_ENCIPHERMENT, KEY_AGREEMENT, KEY_CERT_SIGN,
        CRL_SIGN, ENCIPHER_ONLY, DECIPHER_ONLY
    }

    public enum ExtendedKeyUsage {
        SERVER_AUTH("1.3.6.1.5.5.7.3.1"), CLIENT_AUTH("1.3.6.1.5.5.7.3.2"), EMAIL_PROTECTION("1.3.6.1.5.5.7.3.4");

        public final String oid;

        ExtendedKeyUsage(String oid) {
            this.oid = oid;
        }
    }

    private final String description;
    private final Set<KeyUsageBit> anyOfKeyUsage;
    private final ExtendedKeyUsage requiredEku;

    CertificateProfile(String description, Set<KeyUsageBit> anyOfKeyUsage, ExtendedKeyUsage requiredEku) {
        this.description = description;
        this.anyOfKeyUsage = anyOfKeyUsage;
        this.requiredEku = requiredEku;
    }

    public String description() {
        return description;
    }

    public Set<KeyUsageBit> anyOfKeyUsage() {
        return anyOfKeyUsage;
    }

    public ExtendedKeyUsage requiredEku() {
        return requiredEku;
    }

    /** Accepts the enum name, or the short names {@code SERV_SSL} (= server side) and lower case. */
    public static CertificateProfile parse(String name) {
        String n = name.trim().toUpperCase(Locale.ROOT).replace('-', '_');
        if (n.equals("SERV_SSL")) {
            return SERV_SSL_SERVER;
        }
        try {
            return valueOf(n);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("unknown certificate profile '" + name + "'; known: SERV_SSL, "
                    + List.of(values()));
        }
    }
}
