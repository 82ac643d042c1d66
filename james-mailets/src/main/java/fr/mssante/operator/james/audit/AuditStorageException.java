package fr.mssante.operator.james.audit;

/** The audit database could not be read or written. */
public class AuditStorageException extends RuntimeException {
    public AuditStorageException(String message, Throwable cause) {
        super(message, cause);
    }
}
