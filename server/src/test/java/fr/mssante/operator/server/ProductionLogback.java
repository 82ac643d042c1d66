package fr.mssante.operator.server;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.function.Consumer;

import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.joran.JoranConfigurator;
import ch.qos.logback.classic.util.LogbackMDCAdapter;

/** The production conf/logback.xml, loaded as the server loads it, writing under a temporary working directory. */
final class ProductionLogback {
    private ProductionLogback() {
    }

    /** Runs {@code logging} on a context configured by conf/logback.xml and returns the log file it wrote. */
    static String logAndRead(Path workingDirectory, Consumer<LoggerContext> logging) throws Exception {
        LoggerContext context = new LoggerContext();
        try {
            context.setMDCAdapter(new LogbackMDCAdapter());
            context.putProperty("working.directory", workingDirectory.toString());
            JoranConfigurator configurator = new JoranConfigurator();
            configurator.setContext(context);
            configurator.doConfigure(Path.of("..", "conf", "logback.xml").toFile());

            logging.accept(context);
            context.getLogger("fr.mssante.test").info("end of test");
        } finally {
            context.stop();
        }
        String log = Files.readString(workingDirectory.resolve("var/log/mssante.log"), StandardCharsets.UTF_8);
        if (!log.contains("end of test")) {
            throw new AssertionError("the log file was not written:\n" + log);
        }
        return log;
    }
}
