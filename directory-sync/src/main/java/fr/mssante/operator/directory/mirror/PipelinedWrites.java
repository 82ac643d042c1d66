package fr.mssante.operator.directory.mirror;

import com.unboundid.ldap.sdk.AddRequest;
import com.unboundid.ldap.sdk.AsyncRequestID;
import com.unboundid.ldap.sdk.AsyncResultListener;
import com.unboundid.ldap.sdk.LDAPConnection;
import com.unboundid.ldap.sdk.LDAPConnectionPool;
import com.unboundid.ldap.sdk.LDAPException;
import com.unboundid.ldap.sdk.LDAPResult;
import com.unboundid.ldap.sdk.ModifyRequest;
import com.unboundid.ldap.sdk.ResultCode;

import java.util.ArrayList;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Sends mirror writes without waiting for each answer: up to {@code window} operations are in flight at once,
 * spread round-robin over a few connections taken from the pool. Waiting for each answer in turn made the load
 * pay one loopback round trip and two thread wake-ups per entry, which on a busy machine cost more than the
 * server's own work. One thread submits; answers arrive on the connections' reader threads. A write the
 * mirror refuses is recorded and the others go on; a lost connection makes every later call throw.
 */
final class PipelinedWrites implements AutoCloseable {
    private final LDAPConnectionPool pool;
    private final int connectionCount;
    private final int window;
    private final long flushTimeoutMillis;
    private final Semaphore inFlight;
    private final List<LDAPConnection> connections = new ArrayList<>();
    private final Queue<MirrorWriter.WriteFailure> failures = new ConcurrentLinkedQueue<>();
    private final AtomicReference<LDAPException> fatal = new AtomicReference<>();
    private int next;

    /** {@code flushTimeoutMillis}: how long {@link #flush()} waits for the last answers before giving up. */
    PipelinedWrites(LDAPConnectionPool pool, int connectionCount, int window, long flushTimeoutMillis) {
        this.pool = pool;
        this.connectionCount = Math.max(1, connectionCount);
        this.window = Math.max(1, window);
        this.flushTimeoutMillis = flushTimeoutMillis;
        this.inFlight = new Semaphore(this.window);
    }

    void add(AddRequest request, String origin) throws LDAPException {
        send(request.getDN(), origin, (connection, listener) -> connection.asyncAdd(request, listener));
    }

    void modify(ModifyRequest request, String origin) throws LDAPException {
        send(request.getDN(), origin, (connection, listener) -> connection.asyncModify(request, listener));
    }

    /** Waits for every write in flight; throws if the mirror became unreachable. */
    void flush() throws LDAPException {
        failIfBroken();
        try {
            if (!inFlight.tryAcquire(window, flushTimeoutMillis, TimeUnit.MILLISECONDS)) {
                throw new LDAPException(ResultCode.TIMEOUT, (window - inFlight.availablePermits())
                        + " mirror writes still unanswered after " + flushTimeoutMillis + " ms");
            }
            inFlight.release(window);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new LDAPException(ResultCode.LOCAL_ERROR, "interrupted while waiting for mirror writes", e);
        }
        failIfBroken();
    }

    List<MirrorWriter.WriteFailure> drainFailures() {
        List<MirrorWriter.WriteFailure> drained = new ArrayList<>();
        MirrorWriter.WriteFailure failure;
        while ((failure = failures.poll()) != null) {
            drained.add(failure);
        }
        return drained;
    }

    void failIfBroken() throws LDAPException {
        LDAPException e = fatal.get();
        if (e != null) {
            throw new LDAPException(e.getResultCode(), "the LDAP mirror became unreachable: " + e.getMessage(), e);
        }
    }

    /** Gives the connections back to the pool (a broken one is discarded). */
    @Override
    public void close() {
        for (LDAPConnection connection : connections) {
            if (fatal.get() != null || !connection.isConnected()) {
                pool.releaseDefunctConnection(connection);
            } else {
                pool.releaseConnection(connection);
            }
        }
        connections.clear();
    }

    private interface AsyncWrite {
        AsyncRequestID start(LDAPConnection connection, AsyncResultListener listener) throws LDAPException;
    }

    private void send(String dn, String origin, AsyncWrite write) throws LDAPException {
        failIfBroken();
        try {
            inFlight.acquire();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new LDAPException(ResultCode.LOCAL_ERROR, "interrupted while sending mirror writes", e);
        }
        AsyncResultListener listener = (id, result) -> answered(dn, origin, result);
        try {
            write.start(nextConnection(), listener);
        } catch (LDAPException e) {
            inFlight.release();
            record(dn, origin, e.getResultCode(), e.getMessage(), e);
            failIfBroken();
        } catch (IllegalStateException e) {
            // A connection closed under us: UnboundID schedules the response timeout on its timer, already cancelled.
            inFlight.release();
            LDAPException lost = new LDAPException(ResultCode.SERVER_DOWN, "connection closed: " + e.getMessage(), e);
            record(dn, origin, lost.getResultCode(), lost.getMessage(), lost);
            failIfBroken();
        }
    }

    private LDAPConnection nextConnection() throws LDAPException {
        if (connections.size() < connectionCount) {
            LDAPConnection connection = pool.getConnection();
            connections.add(connection);
            return connection;
        }
        next = (next + 1) % connections.size();
        return connections.get(next);
    }

    private void answered(String dn, String origin, LDAPResult result) {
        inFlight.release();
        if (result.getResultCode() != ResultCode.SUCCESS) {
            record(dn, origin, result.getResultCode(), result.getDiagnosticMessage(), null);
        }
    }

    private void record(String dn, String origin, ResultCode code, String message, LDAPException cause) {
        if (!code.isConnectionUsable()) {
            fatal.compareAndSet(null, cause != null ? cause : new LDAPException(code, dn + ": " + message));
        } else {
            failures.add(new MirrorWriter.WriteFailure(origin, dn, code + ": " + message));
        }
    }
}
