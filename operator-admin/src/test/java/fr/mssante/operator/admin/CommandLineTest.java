package fr.mssante.operator.admin;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPairGenerator;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.security.crypto.bcrypt.BCryptPasswordEncoder;

/** The console's main class in its own JVM, as the launcher runs it: what an operator sees on a wrong setting. */
class CommandLineTest {
    @TempDir
    Path dir;

    @Test
    void withoutPasswordHashTheConsoleStopsWithAShortReport() throws Exception {
        Run run = console(null, "--mssante.admin.webadmin.private-key-file=" + privateKey());

        assertThat(run.exitCode).isNotZero();
        assertThat(run.output)
            .contains("APPLICATION FAILED TO START")
            .contains("No operator password configured: mssante.admin.operator.password-hash is not set")
            .contains("Run './mssante admin hash-password'")
            .doesNotContain("Tomcat started");
    }

    @Test
    void withoutWebAdminCredentialsTheConsoleStopsWithAShortReport() throws Exception {
        Run run = console(null, "--mssante.admin.operator.password-hash=" + new BCryptPasswordEncoder(4).encode("pw"));

        assertThat(run.exitCode).isNotZero();
        assertThat(run.output)
            .contains("APPLICATION FAILED TO START")
            .contains("No WebAdmin credentials: neither mssante.admin.webadmin.private-key-file nor"
                + " mssante.admin.webadmin.token-file is set")
            .doesNotContain("Tomcat started");
    }

    @Test
    void hashPasswordPrintsABcryptHashOfTheTypedPassword() throws Exception {
        Run run = console("s3cret du service\n", OperatorAdminApplication.HASH_PASSWORD);

        assertThat(run.exitCode).isZero();
        String hash = run.output.trim();
        assertThat(hash).startsWith("$2a$12$");
        assertThat(new BCryptPasswordEncoder().matches("s3cret du service", hash)).isTrue();
    }

    @Test
    void hashPasswordRefusesAnEmptyPassword() throws Exception {
        Run run = console("\n", OperatorAdminApplication.HASH_PASSWORD);

        assertThat(run.exitCode).isNotZero();
        assertThat(run.output).contains("hash-password: empty password, nothing to hash");
    }

    private Path privateKey() throws Exception {
        KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
        generator.initialize(2048);
        return Files.write(dir.resolve("webadmin-jwt-private.der"), generator.generateKeyPair().getPrivate().getEncoded());
    }

    private Run console(String stdin, String... args) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
            "-cp", System.getProperty("java.class.path"), OperatorAdminApplication.class.getName(), "--server.port=0"));
        if (args[0].equals(OperatorAdminApplication.HASH_PASSWORD)) {
            command.remove(command.size() - 1);
        }
        command.addAll(List.of(args));
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        if (stdin != null) {
            process.getOutputStream().write(stdin.getBytes(StandardCharsets.UTF_8));
        }
        process.getOutputStream().close();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!process.waitFor(60, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            throw new AssertionError("the console did not exit within 60 s:\n" + output);
        }
        return new Run(process.exitValue(), output);
    }

    private record Run(int exitCode, String output) {
    }
}
