package fr.mssante.operator.trust.whitelist;

/** A liste blanche document that must not be used: malformed XML, truncated, or an entry we cannot read. */
public class ListeBlancheFormatException extends Exception {
    public ListeBlancheFormatException(String message) {
        super(message);
    }

    public ListeBlancheFormatException(String message, Throwable cause) {
        super(message, cause);
    }
}
