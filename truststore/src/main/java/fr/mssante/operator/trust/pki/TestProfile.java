package fr.mssante.operator.trust.pki;

import java.util.List;
import org.bouncycastle.asn1.x509.KeyPurposeId;
import org.bouncycastle.asn1.x509.KeyUsage;

/**
 * The end-entity profiles the test PKI mints, with their key usages, extended key usages, TEST policy OID
 * and issuing CA. Only {@link #SERV_SSL}'s KU/EKU and the TEST policy {@code 1.2.250.1.213.1.7.2.1.1.1.1}
 * come from real certificates; the other TEST policy OIDs are invented under the TEST arc.
 */
public enum TestProfile {
    SERV_SSL(KeyUsage.digitalSignature | KeyUsage.keyEncipherment,
            List.of(KeyPurposeId.id_kp_serverAuth, KeyPurposeId.id_kp_clientAuth), "1.2.250.1.213.1.7.2.1.1.1.1", false),
    ORG_AUTH(KeyUsage.digitalSignature, List.of(KeyPurposeId.id_kp_clientAuth), "1.2.250.1.213.1.7.2.1.1.2.1", false),
    ORG_SIGNATURE(KeyUsage.nonRepudiation, List.of(KeyPurposeId.id_kp_emailProtection), "1.2.250.1.213.1.7.2.1.1.2.2", false),
    ORG_CONFIDENTIALITY(KeyUsage.keyEncipherment, List.of(KeyPurposeId.id_kp_emailProtection),
            "1.2.250.1.213.1.7.2.1.1.2.3", false),
    PERSONAL_SIGNATURE(KeyUsage.nonRepudiation, List.of(KeyPurposeId.id_kp_emailProtection),
            "1.2.250.1.213.1.7.2.1.2.1.1", true),
    PERSONAL_ENCRYPTION(KeyUsage.keyEncipherment, List.of(KeyPurposeId.id_kp_emailProtection),
            "1.2.250.1.213.1.7.2.1.2.1.2", true);

    final int keyUsage;
    final List<KeyPurposeId> extendedKeyUsage;
    final String policy;
    final boolean personal;

    TestProfile(int keyUsage, List<KeyPurposeId> extendedKeyUsage, String policy, boolean personal) {
        this.keyUsage = keyUsage;
        this.extendedKeyUsage = extendedKeyUsage;
        this.policy = policy;
        this.personal = personal;
    }

    public String policy() {
        return policy;
    }
}
