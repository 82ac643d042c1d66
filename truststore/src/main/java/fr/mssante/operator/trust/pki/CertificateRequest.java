package fr.mssante.operator.trust.pki;

import java.time.Instant;
import java.util.List;
import org.bouncycastle.asn1.x500.X500Name;

/**
 * Everything the test PKI needs to mint one end-entity certificate. The defaults follow the real profile;
 * the {@code with...} methods bend one aspect at a time, for tests of each refusal.
 */
public record CertificateRequest(X500Name subject, TestProfile profile, List<String> dnsNames, Instant notBefore,
                                 Instant notAfter, int rsaBits, String signatureAlgorithm, List<String> policies) {

    public CertificateRequest withValidity(Instant from, Instant to) {
        return new CertificateRequest(subject, profile, dnsNames, from, to, rsaBits, signatureAlgorithm, policies);
    }

    public CertificateRequest withRsaBits(int bits) {
        return new CertificateRequest(subject, profile, dnsNames, notBefore, notAfter, bits, signatureAlgorithm, policies);
    }

    public CertificateRequest withSignatureAlgorithm(String alg) {
        return new CertificateRequest(subject, profile, dnsNames, notBefore, notAfter, rsaBits, alg, policies);
    }

    public CertificateRequest withPolicies(List<String> oids) {
        return new CertificateRequest(subject, profile, dnsNames, notBefore, notAfter, rsaBits, signatureAlgorithm, oids);
    }
}
