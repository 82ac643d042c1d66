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
        ExtraProperties.initialize();
        String workingDirectory = System.getProperty("working.directory", ".");
        GuiceJamesServer server = start(new File(workingDirectory));
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            LOGGER.info("Stopping MSSanté server");
            server.stop();
        }, "mssante-shutdown"));
    }

    public static GuiceJamesServer start(File workingDirectory) throws Exception {
        Configuration configuration = Configuration.builder()
            .workingDirectory(workingDirectory.getAbsoluteFile())
            .build();
        LOGGER.info("Starting MSSanté server in {}", workingDirectory.getAbsolutePath());
        DroppedErrors.install();
        GuiceJamesServer server = MssanteServer.create(configuration);
        server.start();
        return server;
    }
}
