package fr.mssante.operator.server;

import java.io.File;

import org.apache.james.ExtraProperties;
import org.apache.james.GuiceJamesServer;
import org.apache.james.server.core.configuration.Configuration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Production entry point: {@code java -Dworking.directory=/var/lib/mssante ... MssanteServerMain}. The working
 * directory holds {@code conf/} (see conf/README.md) and {@code var/} (database, spool, repositories, index).
 */
public final class MssanteServerMain {
    private static final Logger LOGGER = LoggerFactory.getLogger(MssanteServerMain.class);

    private MssanteServerMain() {
    }

    public static void main(String[] args) throws Exception {
        File workingDirectory = new File(System.getProperty("working.directory", "."));
        loadExtraProperties(workingDirectory);
        GuiceJamesServer server = start(workingDirectory);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            LOGGER.info("Stopping MSSanté server");
            server.stop();
        }, "mssante-shutdown"));
    }

    /**
     * James's optional extra system properties ({@code conf/jvm.properties}), read from the working directory: James
     * reads them from the process's current directory, and warned at every start made from elsewhere.
     * {@code -Dextra.props=FILE} still names another file.
     */
    static void loadExtraProperties(File workingDirectory) {
        if (System.getProperty(ExtraProperties.OVERRIDE_PROPERTY) == null) {
            File file = new File(workingDirectory, ExtraProperties.DEFAULT_PATH);
            if (!file.isFile()) {
                LOGGER.info("No {}: no extra system properties (optional)", file);
                return;
            }
            System.setProperty(ExtraProperties.OVERRIDE_PROPERTY, file.getPath());
        }
        ExtraProperties.initialize();
    }

    public static GuiceJamesServer start(File workingDirectory) throws Exception {
        Configuration configuration = Configuration.builder()
            .workingDirectory(workingDirectory.getAbsoluteFile())
            .build();
        LOGGER.info("Starting MSSanté server in {}", workingDirectory.getAbsolutePath());
        DroppedErrors.install();
        MessageMemoryThreshold.apply();
        GuiceJamesServer server = MssanteServer.create(configuration);
        server.start();
        return server;
    }
}
