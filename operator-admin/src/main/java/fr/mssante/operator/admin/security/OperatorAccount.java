package fr.mssante.operator.admin.security;

import java.util.regex.Pattern;

import fr.mssante.operator.admin.ConsoleConfigurationException;

/** The console's single operator account, checked at startup: a console without a password never starts. */
record OperatorAccount(String username, String passwordHash) {
    /** The hashes BCryptPasswordEncoder verifies: $2a$, $2b$ or $2y$, cost, 53 characters of salt and hash. */
    private static final Pattern BCRYPT = Pattern.compile("\\$2[aby]\\$\\d\\d\\$[./0-9A-Za-z]{53}");
    private static final String ACTION = "Run './mssante admin hash-password' (or OperatorAdminApplication hash-password),"
        + " type the password, and put the printed hash in mssante.admin.operator.password-hash.";

    static OperatorAccount of(OperatorSettings settings) {
        if (settings.username() == null || settings.username().isBlank()) {
            throw new ConsoleConfigurationException("mssante.admin.operator.username is empty.",
                "Set the operator's login name, or remove the key to use 'operator'.");
        }
        String hash = settings.passwordHash() == null ? "" : settings.passwordHash().trim();
        if (hash.isEmpty()) {
            throw new ConsoleConfigurationException("No operator password configured: mssante.admin.operator.password-hash"
                + " is not set, and the console never starts without a login.", ACTION);
        }
        if (!BCRYPT.matcher(hash).matches()) {
            throw new ConsoleConfigurationException("mssante.admin.operator.password-hash is not a BCrypt hash"
                + " (expected $2a$, $2b$ or $2y$, a two-digit cost and 53 characters; a clear-text password is refused).", ACTION);
        }
        return new OperatorAccount(settings.username(), hash);
    }
}
