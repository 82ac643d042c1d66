package fr.mssante.operator.trust.validation;

import java.security.cert.X509Certificate;

/** Tells whether a certificate, already chained to {@code issuer}, is revoked. */
public interface RevocationChecker {
    RevocationStatus check(X509Certificate certificate, X509Certificate issuer);

    /**
     * Asks {@code first}; only when it cannot tell (UNAVAILABLE) asks {@code then}. Both unavailable:
     * unavailable with both reasons (fail closed).
     */
    static RevocationChecker firstAvailable(RevocationChecker first, RevocationChecker then) {
        return (certificate, issuer) -> {
            RevocationStatus a = first.check(certificate, issuer);
            if (a.state() != RevocationStatus.State.UNAVAILABLE) {
                return a;
            }
            RevocationStatus b = then.check(certificate, issuer);
            return b.state() != RevocationStatus.State.UNAVAILABLE ? b
                    : RevocationStatus.unavailable(a.detail() + "; " + b.detail());
        };
    }

    /** For tools and tests that knowingly skip revocation; never the server default. */
    RevocationChecker NONE = (certificate, issuer) -> RevocationStatus.GOOD;
}
