package fr.mssante.operator.server;

import java.io.File;
import java.nio.file.Path;
import java.util.List;

/** The durable server in a child JVM, so a test can kill it with SIGKILL mid-traffic. */
final class ChildServer implements AutoCloseable {
    private final TestHome home;
    private final Path log;
    private Process process;

    ChildServer(TestHome home) {
        this.home = home;
        this.log = home.root().resolve("child-server.log");
    }

    void start() throws Exception {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        process = new ProcessBuilder(List.of(java, "-Xmx512m",
            "-cp", System.getProperty("java.class.path"),
            "-Dworking.directory=" + home.root(),
            MssanteServerMain.class.getName()))
            .redirectErrorStream(true)
            .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()))
            .start();
        awaitWebAdmin();
    }

    /** SIGTERM: the server's shutdown hook stops it cleanly. */
    void stop() throws InterruptedException {
        process.destroy();
        if (!process.waitFor(60, java.util.concurrent.TimeUnit.SECONDS)) {
            throw new IllegalStateException("child server still running 60 s after SIGTERM, see " + log);
        }
    }

    /** SIGKILL: no shutdown hook, no flush, like a power cut of the process. */
    void kill() throws InterruptedException {
        process.destroyForcibly();
        process.waitFor();
    }

    private void awaitWebAdmin() throws Exception {
        long deadline = System.nanoTime() + 120_000_000_000L;
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new IllegalStateException("child server exited with " + process.exitValue() + ", see " + log);
            }
            try {
                if (home.webAdmin().get("/healthcheck").statusCode() == 200) {
                    return;
                }
            } catch (java.io.IOException notYetListening) {
                // keep polling
            }
            Thread.sleep(250);
        }
        throw new IllegalStateException("child server not ready within 120 s, see " + log);
    }

    /** A thread dump of the running server (jcmd), for a test that found the server stuck. */
    String threadDump() throws Exception {
        Process jcmd = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "jcmd").toString(),
            String.valueOf(process.pid()), "Thread.print").redirectErrorStream(true).start();
        String dump = new String(jcmd.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
        jcmd.waitFor();
        return dump;
    }

    File log() {
        return log.toFile();
    }

    @Override
    public void close() throws InterruptedException {
        if (process != null && process.isAlive()) {
            kill();
        }
    }
}
