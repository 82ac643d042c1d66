package fr.mssante.operator.server.demo;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

import fr.mssante.operator.server.MssanteServerMain;
import fr.mssante.operator.server.home.WebAdminClient;

/** The demo's other operator: the same server in a child JVM (its own ports, home and logs), stopped with the demo. */
final class OtherOperatorProcess {
    private final Process process;
    private final Path log;

    private OtherOperatorProcess(Process process, Path log) {
        this.process = process;
        this.log = log;
    }

    static OtherOperatorProcess start(Path home, Path logback) throws IOException {
        Path log = home.resolve("var/log/console.log");
        java.nio.file.Files.createDirectories(log.getParent());
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        Process process = new ProcessBuilder(List.of(java, "-Xmx768m",
            "-cp", System.getProperty("java.class.path"),
            "-Dworking.directory=" + home,
            "-Dlogback.configurationFile=" + logback,
            MssanteServerMain.class.getName()))
            .redirectErrorStream(true)
            .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()))
            .start();
        return new OtherOperatorProcess(process, log);
    }

    void awaitWebAdmin(WebAdminClient webAdmin) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(3);
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new IllegalStateException("the other operator exited with " + process.exitValue() + ", see " + log);
            }
            try {
                if (webAdmin.get("/healthcheck").statusCode() == 200) {
                    return;
                }
            } catch (IOException notYetListening) {
                // still starting
            }
            Thread.sleep(250);
        }
        throw new IllegalStateException("the other operator did not start within 3 minutes, see " + log);
    }

    /** SIGTERM, so its shutdown hook flushes the spool and databases; waits for it. */
    void stop() {
        process.destroy();
        try {
            if (!process.waitFor(60, TimeUnit.SECONDS)) {
                process.destroyForcibly();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            process.destroyForcibly();
        }
    }
}
