package fr.mssante.operator.directory.sync;

import java.time.Duration;
import java.util.List;
import java.util.Locale;

/**
 * How a run behaves. {@code maxSuspensionShare}: a plan suspending more than this share of the server's active
 * mailboxes stops unless {@code confirmSuspensions}. {@code clockSkew}: how far back the next incremental run
 * re-reads, to cover entries changed while this run was reading.
 */
public record SyncOptions(List<String> domains, boolean full, boolean dryRun, boolean confirmSuspensions,
                          double maxSuspensionShare, int pageSize, Duration clockSkew) {
    public static final double DEFAULT_MAX_SUSPENSION_SHARE = 0.05;

    public SyncOptions {
        if (domains.isEmpty()) {
            throw new IllegalArgumentException("no own domain configured (--domains)");
        }
        domains = domains.stream().map(d -> d.trim().toLowerCase(Locale.ROOT)).sorted().toList();
        if (maxSuspensionShare < 0 || maxSuspensionShare > 1) {
            throw new IllegalArgumentException("max suspension share must be between 0 and 1, got " + maxSuspensionShare);
        }
    }

    public static SyncOptions of(List<String> domains) {
        return new SyncOptions(domains, false, false, false, DEFAULT_MAX_SUSPENSION_SHARE, 0, Duration.ofMinutes(5));
    }

    public SyncOptions withFull(boolean value) {
        return new SyncOptions(domains, value, dryRun, confirmSuspensions, maxSuspensionShare, pageSize, clockSkew);
    }

    public SyncOptions withDryRun(boolean value) {
        return new SyncOptions(domains, full, value, confirmSuspensions, maxSuspensionShare, pageSize, clockSkew);
    }

    public SyncOptions withConfirmSuspensions(boolean value) {
        return new SyncOptions(domains, full, dryRun, value, maxSuspensionShare, pageSize, clockSkew);
    }

    public SyncOptions withMaxSuspensionShare(double value) {
        return new SyncOptions(domains, full, dryRun, confirmSuspensions, value, pageSize, clockSkew);
    }

    public SyncOptions withClockSkew(Duration value) {
        return new SyncOptions(domains, full, dryRun, confirmSuspensions, maxSuspensionShare, pageSize, value);
    }

    public SyncOptions withPageSize(int value) {
        return new SyncOptions(domains, full, dryRun, confirmSuspensions, maxSuspensionShare, value, clockSkew);
    }
}
