package fr.mssante.operator.james;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

import org.apache.james.server.core.configuration.Configuration;
import org.apache.james.server.core.filesystem.FileSystemImpl;
import org.apache.james.utils.PropertiesProvider;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** mssante.properties read through James's own PropertiesProvider (which splits values on commas). */
class RegistryDatabaseConfigurationTest {

    @TempDir
    Path workingDirectory;

    private RegistryDatabaseConfiguration read(String properties) throws Exception {
        Files.createDirectories(workingDirectory.resolve("conf"));
        Files.writeString(workingDirectory.resolve("conf/mssante.properties"), properties);
        Configuration configuration = Configuration.builder().workingDirectory(workingDirectory.toFile()).build();
        PropertiesProvider provider = new PropertiesProvider(new FileSystemImpl(configuration.directories()),
            configuration.configurationPath());
        return RegistryDatabaseConfiguration.from(provider.getConfiguration("mssante"), workingDirectory.resolve("var"));
    }

    @Test
    void emptyValuesMeanDefaults() throws Exception {
        RegistryDatabaseConfiguration configuration = read("""
            mssante.jdbc.url=
            mssante.jdbc.user=
            mssante.jdbc.password=
            """);

        assertThat(configuration.jdbcUrl()).isEqualTo("jdbc:h2:file:" + workingDirectory.resolve("var/mssante/mssante")
            + ";DB_CLOSE_ON_EXIT=FALSE;WRITE_DELAY=500");
        assertThat(configuration.user()).isEmpty();
        assertThat(configuration.password()).isEmpty();
        assertThat(configuration.maxPoolSize()).isEqualTo(4);
    }

    @Test
    void valuesKeepTheirCommasAndThePasswordIsNeverPrinted() throws Exception {
        RegistryDatabaseConfiguration configuration = read("""
            mssante.jdbc.url=jdbc:postgresql://db1:5432,db2:5432/mssante
            mssante.jdbc.user=james
            mssante.jdbc.password=s3cr,et
            mssante.jdbc.maxPoolSize=8
            """);

        assertThat(configuration.jdbcUrl()).isEqualTo("jdbc:postgresql://db1:5432,db2:5432/mssante");
        assertThat(configuration.user()).contains("james");
        assertThat(configuration.password()).contains("s3cr,et");
        assertThat(configuration.maxPoolSize()).isEqualTo(8);
        assertThat(configuration.toString()).doesNotContain("s3cr").contains("password=***");
    }

    @Test
    void relativeWorkingDirectoryGivesAnAbsoluteH2Path() {
        assertThat(RegistryDatabaseConfiguration.defaultUrl(Path.of("relative/var")))
            .startsWith("jdbc:h2:file:" + Path.of("relative/var").toAbsolutePath().normalize());
    }

    @Test
    void badValuesAreRefusedWithTheKey() {
        assertThatThrownBy(() -> read("mssante.jdbc.url=mysql://db/mssante\n"))
            .hasMessage("mssante.jdbc.url must be a JDBC URL (jdbc:...), got 'mysql://db/mssante'");
        assertThatThrownBy(() -> new RegistryDatabaseConfiguration("jdbc:h2:mem:x", Optional.empty(), Optional.empty(), 0))
            .hasMessage("mssante.jdbc.maxPoolSize must be >= 1, got 0");
    }
}
