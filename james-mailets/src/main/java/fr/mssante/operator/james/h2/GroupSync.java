package fr.mssante.operator.james.h2;

import java.sql.SQLException;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Group commit for one database: a committed transaction waits for a write-and-fsync of the database that started
 * after its commit, and transactions that commit while one sync runs share the next one.
 * <p>
 * No thread of its own: the first waiter that finds no sync running performs it (leader), the others wait. A sync
 * that fails fails every commit waiting on it; the next one is tried afresh.
 */
final class GroupSync {
    @FunctionalInterface
    interface SyncAction {
        /** Writes what is committed in memory to the file and forces it to the disk. */
        void sync() throws SQLException;
    }

    private final ReentrantLock lock = new ReentrantLock();
    private final Condition finished = lock.newCondition();
    private long started;
    private long completed;
    private long succeeded;
    private boolean running;
    private SQLException lastFailure;
    // Asynchronous commits noted so far, and how many of them a successful sync has covered (it started after them).
    private long asynchronousCommits;
    private long asynchronousDurable;

    /** Returns once a sync that started after this call has completed; throws if that sync failed. */
    void awaitDurable(SyncAction action) throws SQLException {
        lock.lock();
        try {
            long needed = started + 1;
            while (completed < needed) {
                if (running) {
                    finished.awaitUninterruptibly();
                } else {
                    lead(action);
                }
            }
            if (succeeded < needed) {
                throw new SQLException("the transaction is committed but the database could not be written to disk ("
                    + lastFailure.getMessage() + "): it may be lost if the server stops now", lastFailure);
            }
        } finally {
            lock.unlock();
        }
    }

    /** Notes a commit that returned without waiting; call after the commit, so that a sync starting later covers it. */
    void noteAsynchronousCommit() {
        lock.lock();
        try {
            asynchronousCommits++;
        } finally {
            lock.unlock();
        }
    }

    /** Returns once every asynchronous commit noted so far is on disk: at once if a sync already covered them. */
    void awaitAsynchronousCommits(SyncAction action) throws SQLException {
        boolean pending;
        lock.lock();
        try {
            pending = asynchronousDurable < asynchronousCommits;
        } finally {
            lock.unlock();
        }
        if (pending) {
            awaitDurable(action); // not under the lock: the leader of a sync releases it once while syncing
        }
    }

    /** How many asynchronous commits were noted. */
    long asynchronousCommits() {
        lock.lock();
        try {
            return asynchronousCommits;
        } finally {
            lock.unlock();
        }
    }

    /** How many syncs have completed (successful or not). */
    long syncs() {
        lock.lock();
        try {
            return completed;
        } finally {
            lock.unlock();
        }
    }

    private void lead(SyncAction action) {
        running = true;
        long mine = ++started;
        long asynchronousCovered = asynchronousCommits;
        SQLException failure = new SQLException("the sync was interrupted");
        lock.unlock();
        try {
            action.sync();
            failure = null;
        } catch (SQLException e) {
            failure = e;
        } catch (RuntimeException e) {
            failure = new SQLException(e.getMessage() == null ? e.toString() : e.getMessage(), e);
        } finally {
            lock.lock();
            running = false;
            completed = mine;
            if (failure == null) {
                succeeded = mine;
                asynchronousDurable = Math.max(asynchronousDurable, asynchronousCovered);
            } else {
                lastFailure = failure;
            }
            finished.signalAll();
        }
    }
}
