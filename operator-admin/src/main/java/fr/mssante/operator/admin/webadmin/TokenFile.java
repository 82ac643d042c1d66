package fr.mssante.operator.admin.webadmin;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * A WebAdmin JWT minted elsewhere, one line in a file (what {@code ./mssante demo} writes to
 * {@code secrets/webadmin.token} and directory-sync reads). Read at every request, so a renewed token is used
 * without restarting the console.
 */
public final class TokenFile implements WebAdminToken {
    private final Path file;

    public TokenFile(Path file) {
        this.file = file.toAbsolutePath().normalize();
    }

    @Override
    public String bearer() throws WebAdminException {
        String token;
        try {
            token = Files.readString(file, StandardCharsets.US_ASCII).trim();
        } catch (IOException e) {
            throw new WebAdminException(WebAdminProblem.token("cannot read the token file " + file + ": " + e));
        }
        if (token.isEmpty()) {
            throw new WebAdminException(WebAdminProblem.token("the token file " + file + " is empty"));
        }
        return token;
    }

    @Override
    public String description() {
        return "token read from " + file;
    }
}
