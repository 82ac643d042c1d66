package fr.mssante.operator.admin;

import java.io.BufferedReader;
import java.io.Console;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;
import org.springframework.security.crypto.bcrypt.BCryptPasswordEncoder;

/**
 * The operator console: {@code java -cp ... OperatorAdminApplication [--spring.config.additional-location=...]}, or
 * {@code OperatorAdminApplication hash-password} to print the BCrypt hash of a password read from the terminal
 * (or standard input) for {@code mssante.admin.operator.password-hash}.
 */
@SpringBootApplication
@ConfigurationPropertiesScan
public class OperatorAdminApplication {
    static final String HASH_PASSWORD = "hash-password";

    public static void main(String[] args) throws IOException {
        if (args.length > 0 && args[0].equals(HASH_PASSWORD)) {
            System.out.println(hashPassword(readPassword()));
            return;
        }
        SpringApplication.run(OperatorAdminApplication.class, args);
    }

    static String hashPassword(String password) {
        if (password == null || password.isEmpty()) {
            throw new IllegalArgumentException("hash-password: empty password, nothing to hash");
        }
        return new BCryptPasswordEncoder(12).encode(password);
    }

    private static String readPassword() throws IOException {
        Console console = System.console();
        if (console != null) {
            char[] typed = console.readPassword("Operator password: ");
            return typed == null ? null : new String(typed);
        }
        return new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8)).readLine();
    }
}
