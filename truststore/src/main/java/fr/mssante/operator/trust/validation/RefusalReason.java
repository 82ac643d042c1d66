package fr.mssante.operator.trust.validation;

/** Why a certificate is refused. Each refusal names exactly one reason, plus a human-readable detail. */
public enum RefusalReason {
    /** The certificate or one of its CAs is past notAfter. */
    EXPIRED,
    /** The certificate or one of its CAs is before notBefore. */
    NOT_YET_VALID,
    /** Listed on a valid, fresh CRL of its issuer. */
    REVOKED,
    /** No configured IGC-Santé CA signed it (unknown name, or same name with another key: a look-alike). */
    UNKNOWN_ISSUER,
    /** Issued under the other IGC-Santé hierarchy (a TEST certificate in production, or the reverse). */
    WRONG_HIERARCHY,
    /** A path was found but breaks PKIX rules (CA constraints, path length, CA key usage, critical extension). */
    INVALID_CHAIN,
    /** Key usage, extended key usage or certificate policy do not match the expected profile. */
    WRONG_PROFILE,
    /** RSA below 2048 bits, EC below 256 bits, or a SHA-1/MD5 signature. */
    WEAK_KEY,
    /** Revocation status unknown: no CRL could be obtained, its signature failed, or it is past nextUpdate (+ grace). */
    CRL_UNAVAILABLE,
    /** The certificate's DN is not in the liste blanche for the domain it speaks for. */
    NOT_LISTED,
    /** The peer's certificate does not name the host we connected to. */
    HOST_MISMATCH,
    /** No certificate, or one that cannot be decoded. */
    MALFORMED
}
