package fr.mssante.operator.admin;

/** A setting the console cannot start without, missing or wrong: the message names the key, the action the fix. */
public class ConsoleConfigurationException extends RuntimeException {
    private final String action;

    public ConsoleConfigurationException(String message, String action) {
        super(message);
        this.action = action;
    }

    public String action() {
        return action;
    }
}
