package fr.mssante.operator.server.storage;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * Whether the last run stopped cleanly, told by a mark the search index writes once it has been committed and
 * closed, and that is taken away at start: without it (SIGKILL, OOM, power cut, or a first start) the search index
 * and the current quotas are checked against the mailboxes, since changes applied after the mailbox commit were lost.
 */
public final class LastStop {
    static final String FILE_NAME = "mssante-clean-stop";

    private final Path folder;
    private final Path file;
    private final boolean clean;

    private LastStop(Path folder, boolean clean) {
        this.folder = folder;
        this.file = folder.resolve(FILE_NAME);
        this.clean = clean;
    }

    /** Reads and removes the mark durably, so that a crash from now on is seen at the next start. */
    static LastStop take(Path folder) {
        try {
            Files.createDirectories(folder);
            boolean present = Files.deleteIfExists(folder.resolve(FILE_NAME));
            LastStop lastStop = new LastStop(folder, present);
            if (present) {
                lastStop.syncFolder();
            }
            return lastStop;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read or remove the clean-stop mark in " + folder, e);
        }
    }

    public boolean wasClean() {
        return clean;
    }

    void markClean() throws IOException {
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE)) {
            channel.force(true);
        }
        syncFolder();
    }

    private void syncFolder() throws IOException {
        // A created or removed name is durable only once its folder is synced.
        try (FileChannel channel = FileChannel.open(folder, StandardOpenOption.READ)) {
            channel.force(true);
        }
    }
}
