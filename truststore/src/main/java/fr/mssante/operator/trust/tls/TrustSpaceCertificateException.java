package fr.mssante.operator.trust.tls;

import fr.mssante.operator.trust.validation.Verdict;
import java.security.cert.CertificateException;

/**
 * Thrown by the trust manager on refusal; carries the verdict and the refused certificate's subject DN so that
 * callers can report them.
 */
public class TrustSpaceCertificateException extends CertificateException {
    private final transient Verdict verdict;
    private final String certificateDn;

    /** @param certificateDn RFC 2253 subject of the refused leaf certificate, null when none was presented */
    public TrustSpaceCertificateException(Verdict verdict, String certificateDn) {
        super(verdict.reason() + ": " + verdict.detail());
        this.verdict = verdict;
        this.certificateDn = certificateDn;
    }

    public Verdict verdict() {
        return verdict;
    }

    public String certificateDn() {
        return certificateDn;
    }

    /** Finds the verdict in an exception's cause chain (e.g. an SSLHandshakeException), or null. */
    public static Verdict verdictOf(Throwable t) {
        TrustSpaceCertificateException found = in(t);
        return found == null ? null : found.verdict;
    }

    /** Finds the refusal in an exception's cause chain (or its suppressed exceptions), or null. */
    public static TrustSpaceCertificateException in(Throwable t) {
        for (Throwable c = t; c != null; c = c.getCause()) {
            if (c instanceof TrustSpaceCertificateException e) {
                return e;
            }
            for (Throwable s : c.getSuppressed()) {
                TrustSpaceCertificateException found = in(s);
                if (found != null) {
                    return found;
                }
            }
        }
        return null;
    }
}
