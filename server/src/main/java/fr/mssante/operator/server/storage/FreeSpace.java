package fr.mssante.operator.server.storage;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.FileStore;
import java.nio.file.Files;
import java.nio.file.Path;

import org.apache.james.core.healthcheck.ComponentName;
import org.apache.james.core.healthcheck.HealthCheck;
import org.apache.james.core.healthcheck.Result;
import org.reactivestreams.Publisher;

import reactor.core.publisher.Mono;

/**
 * Free space on the volume of {@code var/}, which holds the spool, the database, the search index and the mail
 * repositories. Below {@code mssante.storage.min-free} (conf/mssante.properties, default 512M) new mail is refused
 * with {@code 452 4.3.1} ({@code FreeSpaceHook}) and WebAdmin's {@code /healthcheck} reports this component degraded:
 * a volume that fills up fails the spool's journal and the database's writes halfway, while mail refused at
 * {@code MAIL} stays with its sender, who retries.
 */
public final class FreeSpace implements HealthCheck {
    public static final String MIN_FREE = "mssante.storage.min-free";
    public static final String DEFAULT_MIN_FREE = "512M";
    private static final ComponentName COMPONENT = new ComponentName("mssante-free-space");
    private static final long MB = 1024 * 1024;

    private final Path folder;
    private final FileStore volume;
    private final long minFreeBytes;

    public FreeSpace(Path folder, long minFreeBytes) {
        try {
            Files.createDirectories(folder);
            this.volume = Files.getFileStore(folder);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot find the volume of " + folder, e);
        }
        this.folder = folder;
        this.minFreeBytes = minFreeBytes;
    }

    /** Usable bytes now; 0 when the volume cannot be read, which counts as full. */
    public long usableBytes() {
        try {
            return volume.getUsableSpace();
        } catch (IOException e) {
            return 0;
        }
    }

    public boolean isLow() {
        return usableBytes() < minFreeBytes;
    }

    /** For logs and health: how much is free, where, against which minimum. */
    public String describe() {
        return (usableBytes() / MB) + " MB free on the volume of " + folder + ", minimum " + MIN_FREE + " = "
            + (minFreeBytes / MB) + " MB";
    }

    @Override
    public ComponentName componentName() {
        return COMPONENT;
    }

    @Override
    public Publisher<Result> check() {
        return Mono.fromCallable(() -> isLow()
            ? Result.degraded(COMPONENT, describe() + ": new mail is refused (452 4.3.1) until space is freed")
            : Result.healthy(COMPONENT));
    }
}
