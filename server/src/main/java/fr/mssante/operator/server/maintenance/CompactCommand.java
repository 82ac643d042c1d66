package fr.mssante.operator.server.maintenance;

import java.io.FileNotFoundException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import org.apache.commons.configuration2.ex.ConfigurationException;
import org.apache.james.filesystem.api.FileSystem;
import org.apache.james.server.core.configuration.Configuration;
import org.apache.james.server.core.filesystem.FileSystemImpl;
import org.apache.james.utils.PropertiesProvider;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import ch.qos.logback.classic.Level;

import fr.mssante.operator.james.RegistryDatabaseConfiguration;
import fr.mssante.operator.server.maintenance.H2FileCompaction.CompactionException;
import fr.mssante.operator.server.storage.JpaDatabaseModule;

/**
 * {@code ./mssante compact WORKING_DIRECTORY}: compacts the embedded H2 databases of a stopped server (James's
 * stores, then the mailbox registry and audit trail), found by reading its configuration as the server does.
 * Exit status 0 when every embedded database was compacted or none is configured, 1 otherwise.
 */
public final class CompactCommand {
    private final Path workingDirectory;
    private final PrintStream out;

    public CompactCommand(Path workingDirectory, PrintStream out) {
        this.workingDirectory = workingDirectory.toAbsolutePath().normalize();
        this.out = out;
    }

    public static void main(String[] args) {
        if (args.length != 1 || args[0].startsWith("-")) {
            System.err.println("Usage: ./mssante compact WORKING_DIRECTORY   (the server must be stopped; the demo's is var/demo/operateur)");
            System.exit(2);
        }
        if (System.getProperty("logback.configurationFile") == null) {
            // James's configuration reader logs at INFO and DEBUG; this command's own lines are its output.
            ((ch.qos.logback.classic.Logger) LoggerFactory.getLogger(Logger.ROOT_LOGGER_NAME)).setLevel(Level.WARN);
        }
        System.exit(new CompactCommand(Path.of(args[0]), System.out).run() ? 0 : 1);
    }

    /** True when nothing failed. */
    public boolean run() {
        List<EmbeddedH2Database> databases;
        try {
            databases = embeddedDatabases();
        } catch (ConfigurationException | FileNotFoundException e) {
            out.println("compact: cannot read the configuration of " + workingDirectory + ": " + e.getMessage());
            return false;
        }
        H2FileCompaction compaction = new H2FileCompaction(out::println);
        boolean allCompacted = true;
        for (EmbeddedH2Database database : databases) {
            try {
                H2FileCompaction.Result result = compaction.compact(database);
                out.printf("%s: compacted %s -> %s in %.1f s, %d rows checked%n", database.name(),
                    H2FileCompaction.megabytes(result.sizeBefore()), H2FileCompaction.megabytes(result.sizeAfter()),
                    result.took().toMillis() / 1000.0, result.rows());
            } catch (CompactionException e) {
                out.println(e.getMessage());
                allCompacted = false;
            }
        }
        return allCompacted;
    }

    private List<EmbeddedH2Database> embeddedDatabases() throws ConfigurationException, FileNotFoundException {
        if (!Files.isRegularFile(workingDirectory.resolve("conf/james-database.properties"))) {
            throw new FileNotFoundException("no conf/james-database.properties: not a server working directory");
        }
        Configuration configuration = Configuration.builder().workingDirectory(workingDirectory.toFile()).build();
        FileSystem fileSystem = new FileSystemImpl(configuration.directories());
        PropertiesProvider properties = new PropertiesProvider(fileSystem, configuration.configurationPath());

        org.apache.commons.configuration2.Configuration james = properties.getConfiguration("james-database");
        RegistryDatabaseConfiguration registry = registry(properties);
        List<EmbeddedH2Database> databases = new ArrayList<>();
        addIfEmbedded(databases, "james (mailboxes, users, domains, quotas)",
            JpaDatabaseModule.jdbcUrl(james, workingDirectory.toString()),
            james.getString("database.username", ""), james.getString("database.password", ""));
        addIfEmbedded(databases, "mssante (mailbox registry, audit trail)", registry.jdbcUrl(),
            registry.user().orElse(""), registry.password().orElse(""));
        return databases;
    }

    private void addIfEmbedded(List<EmbeddedH2Database> databases, String name, String url, String user, String password) {
        EmbeddedH2Database.of(name, url, user, password).ifPresentOrElse(databases::add, () -> {
            // Only the scheme: the rest of a URL may carry a password.
            String scheme = url.substring(0, Math.max(url.indexOf(':', "jdbc:".length()), 0));
            out.println(name + ": " + scheme + " is not an embedded H2 file database, nothing to compact"
                + " (PostgreSQL reclaims space itself: autovacuum)");
        });
    }

    private RegistryDatabaseConfiguration registry(PropertiesProvider properties) throws ConfigurationException {
        Path var = workingDirectory.resolve("var");
        try {
            return RegistryDatabaseConfiguration.from(properties.getConfiguration("mssante"), var);
        } catch (FileNotFoundException e) {
            return RegistryDatabaseConfiguration.defaults(var);
        }
    }
}
