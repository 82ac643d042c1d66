package fr.mssante.operator.directory.sync;

/** The server refused one request for a reason that retrying cannot fix (4xx): that mailbox fails, the run goes on. */
public class RegistryRejectedException extends Exception {
    private final int status;

    public RegistryRejectedException(int status, String message) {
        super(message);
        this.status = status;
    }

    public int status() {
        return status;
    }
}
