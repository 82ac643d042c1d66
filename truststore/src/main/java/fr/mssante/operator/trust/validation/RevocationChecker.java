package fr.mssante.operator.trust.validation;

import java.security.cert.X509Certificate;

/** Tells whether a certificate, already chained to {@code issuer}, is revoked. */
public interface RevocationChecker {
    RevocationStatus check(X509Certificate certificate, X509Certificate issuer);

    /** For tools and tests that knowingly skip revocation; never the server default. */
    RevocationChecker NONE = (certificate, issuer) -> RevocationStatus.GOOD;
}
