package fr.mssante.operator.trust.tls;

import fr.mssante.operator.trust.validation.Verdict;
import java.security.cert.CertificateException;

/** Thrown by the trust manager on refusal; carries the verdict so that callers can report its reason. */
public class TrustSpaceCertificateException extends CertificateException {
    private final transient Verdict verdict;

    public TrustSpaceCertificateException(Verdict verdict) {
        super(verdict.reason() + ": " + verdict.detail());
        this.verdict = verdict;
    }

    public Verdict verdict() {
        return verdict;
    }

    /** Finds the verdict in an exception's cause chain (e.g. an SSLHandshakeException), or null. */
    public static Verdict verdictOf(Throwable t) {
        for (Throwable c = t; c != null; c = c.getCause()) {
            if (c instanceof TrustSpaceCertificateException e) {
                return e.verdict;
            }
            for (Throwable s : c.getSuppressed()) {
                Verdict v = verdictOf(s);
                if (v != null) {
                    return v;
                }
            }
        }
        return null;
    }
}
