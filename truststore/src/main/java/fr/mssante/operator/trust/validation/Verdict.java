package fr.mssante.operator.trust.validation;

import java.security.cert.X509Certificate;
import java.util.List;

/**
 * The outcome of a validation: accepted with its certification path (leaf first, root last), or refused
 * with one {@link RefusalReason} and a detail an operator can act on.
 */
public record Verdict(RefusalReason reason, String detail, List<X509Certificate> path) {

    public static Verdict accepted(List<X509Certificate> path) {
        return new Verdict(null, "valid", List.copyOf(path));
    }

    public static Verdict refused(RefusalReason reason, String detail) {
        return new Verdict(reason, detail, List.of());
    }

    public boolean isAccepted() {
        return reason == null;
    }

    @Override
    public String toString() {
        return isAccepted() ? "ACCEPTED" : "REFUSED " + reason + ": " + detail;
    }
}
