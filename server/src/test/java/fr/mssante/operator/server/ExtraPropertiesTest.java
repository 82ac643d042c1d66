package fr.mssante.operator.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;

import org.apache.james.ExtraProperties;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ExtraPropertiesTest {
    static final String PROPERTY = "mssante.test.extra";

    @TempDir
    Path workingDirectory;

    @AfterEach
    void clear() {
        System.clearProperty(PROPERTY);
        System.clearProperty(ExtraProperties.OVERRIDE_PROPERTY);
    }

    @Test
    void jvmPropertiesAreReadFromTheWorkingDirectoryNotTheCurrentOne() throws Exception {
        Files.createDirectories(workingDirectory.resolve("conf"));
        Files.writeString(workingDirectory.resolve("conf/jvm.properties"), PROPERTY + "=from-working-directory\n");

        MssanteServerMain.loadExtraProperties(workingDirectory.toFile());

        assertThat(System.getProperty(PROPERTY)).isEqualTo("from-working-directory");
    }

    @Test
    void theFileIsOptional() {
        MssanteServerMain.loadExtraProperties(workingDirectory.toFile());

        assertThat(System.getProperty(PROPERTY)).isNull();
        assertThat(System.getProperty(ExtraProperties.OVERRIDE_PROPERTY)).isNull();
    }
}
