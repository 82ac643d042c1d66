package fr.mssante.operator.admin.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.springframework.security.crypto.bcrypt.BCryptPasswordEncoder;

import fr.mssante.operator.admin.ConsoleConfigurationException;

class OperatorAccountTest {

    @Test
    void aConsoleWithoutPasswordHashDoesNotStart() {
        assertThatThrownBy(() -> OperatorAccount.of(new OperatorSettings("operator", null)))
            .isInstanceOf(ConsoleConfigurationException.class)
            .hasMessage("No operator password configured: mssante.admin.operator.password-hash is not set,"
                + " and the console never starts without a login.");
        assertThatThrownBy(() -> OperatorAccount.of(new OperatorSettings("operator", "  ")))
            .isInstanceOf(ConsoleConfigurationException.class)
            .hasMessageStartingWith("No operator password configured");
    }

    @Test
    void aClearTextPasswordIsRefused() {
        assertThatThrownBy(() -> OperatorAccount.of(new OperatorSettings("operator", "demo-password")))
            .isInstanceOf(ConsoleConfigurationException.class)
            .hasMessageContaining("is not a BCrypt hash")
            .satisfies(e -> assertThat(((ConsoleConfigurationException) e).action()).contains("hash-password"));
    }

    @Test
    void anEmptyUserNameIsRefused() {
        String hash = new BCryptPasswordEncoder(4).encode("secret");
        assertThatThrownBy(() -> OperatorAccount.of(new OperatorSettings(" ", hash)))
            .isInstanceOf(ConsoleConfigurationException.class)
            .hasMessage("mssante.admin.operator.username is empty.");
    }

    @Test
    void bcryptHashesOfEachVariantAreAccepted() {
        String hash = new BCryptPasswordEncoder(4).encode("secret");
        assertThat(OperatorAccount.of(new OperatorSettings("exploitant", hash + "\n")))
            .isEqualTo(new OperatorAccount("exploitant", hash));
        // htpasswd -B writes $2y$.
        String apache = "$2y" + hash.substring(3);
        assertThat(OperatorAccount.of(new OperatorSettings("operator", apache)).passwordHash()).isEqualTo(apache);
    }
}
