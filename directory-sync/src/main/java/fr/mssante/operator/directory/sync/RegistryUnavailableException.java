package fr.mssante.operator.directory.sync;

import java.io.IOException;

/** The server's WebAdmin could not be reached or kept failing after every retry: the run must stop. */
public class RegistryUnavailableException extends IOException {
    public RegistryUnavailableException(String message, Throwable cause) {
        super(message, cause);
    }
}
