package fr.mssante.operator.server.storage;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.concurrent.locks.Lock;

import javax.inject.Inject;

import org.apache.james.core.quota.QuotaCountUsage;
import org.apache.james.core.quota.QuotaSizeUsage;
import org.apache.james.mailbox.model.CurrentQuotas;
import org.apache.james.mailbox.model.QuotaOperation;
import org.apache.james.mailbox.model.QuotaRoot;
import org.apache.james.mailbox.quota.CurrentQuotaManager;

import com.google.common.cache.Cache;
import com.google.common.cache.CacheBuilder;
import com.google.common.util.concurrent.Striped;

import fr.mssante.operator.james.JdbcTransaction;

import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

/**
 * Current quota usage (messages, bytes) in James's JPA table, written through and read from memory.
 *
 * <p>James's JPA manager reads the row, adds in Java and merges it back at every delivery (two statements and a
 * lost update when two deliveries for one user overlap) and reads it again at RCPT, in the over-quota matcher and at
 * delivery. Here each change is one {@code UPDATE ... SET n = n + ?} committed before it is applied in memory, and
 * reads come from memory, loaded once per quota root. Exact on one node, where every change goes through this
 * manager (deliveries, expunges, WebAdmin's recomputation).
 *
 * <p>Deliveries and expunges commit their change without waiting for the disk: James runs this update under the
 * mailbox's write lock, where a second fsync wait per delivery halved what one mailbox could receive (the message
 * itself is committed durably just before). A crash can lose such a change, never part of it, and a run that did not
 * stop cleanly has every quota recomputed from the mailboxes at start ({@link CurrentQuotaRecovery}).
 */
public class CachedCurrentQuotaManager implements CurrentQuotaManager {
    private static final long MAX_ENTRIES = 100_000;
    private static final int LOCK_STRIPES = 64;

    private final JpaConnections database;
    private final Cache<String, CurrentQuotas> usage = CacheBuilder.newBuilder().maximumSize(MAX_ENTRIES).build();
    // Held across the database write and the cache update, so that a load never overwrites a newer change.
    private final Striped<Lock> locks = Striped.lock(LOCK_STRIPES);

    @Inject
    public CachedCurrentQuotaManager(JpaConnections database) {
        this.database = database;
    }

    @Override
    public Mono<QuotaCountUsage> getCurrentMessageCount(QuotaRoot quotaRoot) {
        return getCurrentQuotas(quotaRoot).map(CurrentQuotas::count);
    }

    @Override
    public Mono<QuotaSizeUsage> getCurrentStorage(QuotaRoot quotaRoot) {
        return getCurrentQuotas(quotaRoot).map(CurrentQuotas::size);
    }

    @Override
    public Mono<CurrentQuotas> getCurrentQuotas(QuotaRoot quotaRoot) {
        CurrentQuotas cached = usage.getIfPresent(quotaRoot.getValue());
        return cached != null ? Mono.just(cached)
            : Mono.fromCallable(() -> load(quotaRoot.getValue())).subscribeOn(Schedulers.boundedElastic());
    }

    @Override
    public Mono<Void> increase(QuotaOperation operation) {
        return blocking(() -> add(operation.quotaRoot().getValue(), operation.count().asLong(), operation.size().asLong()));
    }

    @Override
    public Mono<Void> decrease(QuotaOperation operation) {
        return blocking(() -> add(operation.quotaRoot().getValue(), -operation.count().asLong(), -operation.size().asLong()));
    }

    @Override
    public Mono<Void> setCurrentQuotas(QuotaOperation operation) {
        return blocking(() -> set(operation.quotaRoot().getValue(), operation.count().asLong(), operation.size().asLong()));
    }

    private CurrentQuotas load(String root) {
        Lock lock = locks.get(root);
        lock.lock();
        try {
            CurrentQuotas cached = usage.getIfPresent(root);
            if (cached != null) {
                return cached;
            }
            CurrentQuotas stored = database.inTransaction(connection -> {
                try (PreparedStatement select = connection.prepareStatement("SELECT CURRENTQUOTA_MESSAGECOUNT, "
                    + "CURRENTQUOTA_SIZE FROM JAMES_QUOTA_CURRENTQUOTA WHERE CURRENTQUOTA_QUOTAROOT = ?")) {
                    select.setString(1, root);
                    try (ResultSet row = select.executeQuery()) {
                        return row.next() ? quotas(row.getLong(1), row.getLong(2)) : CurrentQuotas.emptyQuotas();
                    }
                }
            });
            usage.put(root, stored);
            return stored;
        } finally {
            lock.unlock();
        }
    }

    private void add(String root, long count, long size) {
        store(Commit.ASYNCHRONOUS, root, "CURRENTQUOTA_MESSAGECOUNT = CURRENTQUOTA_MESSAGECOUNT + ?, CURRENTQUOTA_SIZE = CURRENTQUOTA_SIZE + ?",
            count, size, () -> usage.asMap().computeIfPresent(root,
                (key, before) -> quotas(before.count().asLong() + count, before.size().asLong() + size)));
    }

    private void set(String root, long count, long size) {
        store(Commit.DURABLE, root, "CURRENTQUOTA_MESSAGECOUNT = ?, CURRENTQUOTA_SIZE = ?", count, size,
            () -> usage.put(root, quotas(count, size)));
    }

    private enum Commit { DURABLE, ASYNCHRONOUS }

    /** Updates the row (inserting it when absent) and commits, then applies the change in memory. */
    private void store(Commit commit, String root, String assignments, long count, long size, Runnable inMemory) {
        Lock lock = locks.get(root);
        lock.lock();
        try {
            JdbcTransaction.Work<Boolean> write = connection -> {
                try (PreparedStatement update = connection.prepareStatement("UPDATE JAMES_QUOTA_CURRENTQUOTA SET "
                    + assignments + " WHERE CURRENTQUOTA_QUOTAROOT = ?")) {
                    update.setLong(1, count);
                    update.setLong(2, size);
                    update.setString(3, root);
                    return update.executeUpdate() == 1 || insert(connection, root, count, size);
                }
            };
            if (commit == Commit.ASYNCHRONOUS) {
                database.inTransactionCommittingAsynchronously(write);
            } else {
                database.inTransaction(write);
            }
            inMemory.run();
        } finally {
            lock.unlock();
        }
    }

    private static boolean insert(Connection connection, String root, long count, long size) throws SQLException {
        try (PreparedStatement insert = connection.prepareStatement("INSERT INTO JAMES_QUOTA_CURRENTQUOTA "
            + "(CURRENTQUOTA_QUOTAROOT, CURRENTQUOTA_MESSAGECOUNT, CURRENTQUOTA_SIZE) VALUES (?, ?, ?)")) {
            insert.setString(1, root);
            insert.setLong(2, count);
            insert.setLong(3, size);
            return insert.executeUpdate() == 1;
        }
    }

    private static CurrentQuotas quotas(long count, long size) {
        return new CurrentQuotas(QuotaCountUsage.count(count), QuotaSizeUsage.size(size));
    }

    private static Mono<Void> blocking(Runnable write) {
        return Mono.fromRunnable(write).subscribeOn(Schedulers.boundedElastic()).then();
    }
}
