package fr.mssante.operator.trust.validation;

/** The revocation status of one certificate as its issuer's CRL says. */
public record RevocationStatus(State state, String detail) {
    public enum State { GOOD, REVOKED, UNAVAILABLE }

    public static final RevocationStatus GOOD = new RevocationStatus(State.GOOD, "not revoked");

    public static RevocationStatus revoked(String detail) {
        return new RevocationStatus(State.REVOKED, detail);
    }

    public static RevocationStatus unavailable(String detail) {
        return new RevocationStatus(State.UNAVAILABLE, detail);
    }
}
