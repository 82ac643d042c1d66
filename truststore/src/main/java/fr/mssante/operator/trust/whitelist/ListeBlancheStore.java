package fr.mssante.operator.trust.whitelist;

import java.io.IOException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The liste blanche in force. A reload fetches the source, parses it strictly and installs it only if it
 * does not drop more than {@code maxShrink} of the domains in force; otherwise (or if it is malformed or
 * the source fails) the refusal is logged and remembered and the previous list keeps serving. An accepted
 * list is saved as last-good file (atomic replace) and read back at start, so a restart without network
 * still has a list. Thread-safe; lookups never block on a reload.
 */
public final class ListeBlancheStore implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(ListeBlancheStore.class);

    /** What a reload did. */
    public record Outcome(boolean installed, String message) {
    }

    private final ListeBlancheSource source;
    private final Path lastGoodFile;
    private final double maxShrink;
    private volatile ListeBlanche current = ListeBlanche.EMPTY;
    private volatile Outcome lastOutcome = new Outcome(false, "never loaded");
    private ScheduledExecutorService scheduler;

    /**
     * @param lastGoodFile where the last accepted document is kept (null: memory only)
     * @param maxShrink    share of domains a new list may drop, 0.10 by default
     */
    public ListeBlancheStore(ListeBlancheSource source, Path lastGoodFile, double maxShrink) {
        if (maxShrink < 0 || maxShrink > 1) {
            throw new IllegalArgumentException("maxShrink must be within [0, 1], not " + maxShrink);
        }
        this.source = source;
        this.lastGoodFile = lastGoodFile;
        this.maxShrink = maxShrink;
    }

    /** The list in force ({@link ListeBlanche#EMPTY} until a first list is accepted: fail closed). */
    public ListeBlanche current() {
        return current;
    }

    public Outcome lastOutcome() {
        return lastOutcome;
    }

    /** Reads the last-good file, if any, then reloads from the source. */
    public synchronized Outcome start() {
        if (lastGoodFile != null && Files.isRegularFile(lastGoodFile)) {
            try {
                current = ListeBlancheParser.parse(Files.readAllBytes(lastGoodFile));
                LOG.info("liste blanche: last good list read from {}: {}", lastGoodFile, current);
            } catch (IOException | ListeBlancheFormatException e) {
                LOG.error("liste blanche: last good file {} is unusable: {}", lastGoodFile, e.getMessage());
            }
        }
        return reload();
    }

    public synchronized Outcome reload() {
        return reload(false);
    }

    /** @param acceptShrink an operator's explicit decision to accept a list that drops many domains */
    public synchronized Outcome reload(boolean acceptShrink) {
        byte[] bytes;
        ListeBlanche candidate;
        try {
            bytes = source.fetch();
        } catch (IOException e) {
            return refuse("cannot fetch " + source.describe() + ": " + e.getMessage());
        }
        try {
            candidate = ListeBlancheParser.parse(bytes);
        } catch (ListeBlancheFormatException e) {
            return refuse("refused list from " + source.describe() + ": " + e.getMessage());
        }
        ListeBlanche previous = current;
        int before = previous.domainCount();
        int after = candidate.domainCount();
        if (!acceptShrink && before > 0 && after < before * (1 - maxShrink)) {
            return refuse(String.format("refused list from %s: it has %d domains instead of %d (-%.1f %%, more than the %.1f %% allowed)",
                    source.describe(), after, before, 100.0 * (before - after) / before, 100 * maxShrink));
        }
        current = candidate;
        saveLastGood(bytes);
        Outcome ok = new Outcome(true, "installed " + candidate + " from " + source.describe());
        lastOutcome = ok;
        LOG.info("liste blanche: {}", ok.message());
        return ok;
    }

    private Outcome refuse(String message) {
        Outcome o = new Outcome(false, message + "; keeping " + current);
        lastOutcome = o;
        LOG.error("liste blanche: {}", o.message());
        return o;
    }

    private void saveLastGood(byte[] bytes) {
        if (lastGoodFile == null) {
            return;
        }
        try {
            Path parent = lastGoodFile.toAbsolutePath().getParent();
            Files.createDirectories(parent);
            Path tmp = parent.resolve(lastGoodFile.getFileName() + ".tmp");
            Files.write(tmp, bytes);
            try {
                Files.move(tmp, lastGoodFile, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(tmp, lastGoodFile, StandardCopyOption.REPLACE_EXISTING);
            }
        } catch (IOException e) {
            LOG.error("liste blanche: cannot save last good list to {}: {}", lastGoodFile, e.getMessage());
        }
    }

    /** Reloads every {@code period} on a daemon thread until {@link #close()}. */
    public synchronized void scheduleRefresh(Duration period) {
        if (scheduler != null) {
            return;
        }
        scheduler = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "liste-blanche-refresh");
            t.setDaemon(true);
            return t;
        });
        scheduler.scheduleWithFixedDelay(() -> {
            try {
                reload();
            } catch (RuntimeException e) {
                LOG.error("liste blanche: scheduled reload failed", e);
            }
        }, period.toMillis(), period.toMillis(), TimeUnit.MILLISECONDS);
    }

    @Override
    public synchronized void close() {
        if (scheduler != null) {
            scheduler.shutdownNow();
            scheduler = null;
        }
    }
}
