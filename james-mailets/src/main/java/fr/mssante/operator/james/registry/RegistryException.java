package fr.mssante.operator.james.registry;

/** The registry's storage failed (database unreachable, SQL error): not the caller's fault. */
public class RegistryException extends RuntimeException {
    public RegistryException(String message, Throwable cause) {
        super(message, cause);
    }
}
