package fr.mssante.operator.james.h2;

import java.sql.Connection;
import java.sql.Driver;
import java.sql.DriverManager;
import java.sql.DriverPropertyInfo;
import java.sql.SQLException;
import java.sql.SQLFeatureNotSupportedException;
import java.util.Collections;
import java.util.Map;
import java.util.Properties;
import java.util.WeakHashMap;
import java.util.logging.Logger;

import org.h2.engine.Database;
import org.h2.engine.SessionLocal;
import org.h2.jdbc.JdbcConnection;

/**
 * H2's JDBC driver for an embedded database, except that a commit returns only once the transaction is written to
 * the database file and forced to the disk.
 * <p>
 * H2 alone offers two choices: {@code WRITE_DELAY=0} writes the file at every commit, which survives a SIGKILL but
 * not a power cut (no fsync) and rewrites the changed B-tree pages once per transaction (12 % of the server's CPU
 * per delivered mail); any other delay loses the last commits on a SIGKILL. Here commits that happen together share
 * one write and one fsync ({@link GroupSync}), so a delivery acknowledged to the spool, an IMAP APPEND answered OK
 * or a registry write answered 200 survives both.
 * <p>
 * Use it as the driver class with an ordinary {@code jdbc:h2:file:} URL. Only embedded databases: H2's server mode
 * syncs in another process, out of reach.
 */
public final class DurableH2Driver implements Driver {
    private static final Map<Database, GroupSync> GROUPS = Collections.synchronizedMap(new WeakHashMap<>());

    static {
        // As JDBC drivers do when loaded: a pool that looks its driver up by class name (Hikari) then finds this one
        // instead of warning at every start that it had to instantiate it. Not listed in META-INF/services, and
        // registered after the drivers DriverManager loads itself (getDrivers), H2's among them: a plain
        // DriverManager.getConnection("jdbc:h2:...") elsewhere keeps H2's own driver.
        try {
            DriverManager.getDrivers();
            DriverManager.registerDriver(new DurableH2Driver());
        } catch (SQLException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    /** This driver's class name, the class loaded (and so registered with {@link DriverManager}). */
    public static String loadedClassName() {
        return DurableH2Driver.class.getName();
    }

    private final Driver h2 = new org.h2.Driver();

    @Override
    public Connection connect(String url, Properties info) throws SQLException {
        Connection connection = h2.connect(url, info);
        if (connection == null) {
            return null;
        }
        if (!(connection.unwrap(JdbcConnection.class).getSession() instanceof SessionLocal session)) {
            connection.close();
            throw new SQLException(getClass().getSimpleName() + " syncs embedded H2 databases only ("
                + "jdbc:h2:file:...), not '" + url + "': use org.h2.Driver for an H2 server");
        }
        GroupSync group = GROUPS.computeIfAbsent(session.getDatabase(), database -> new GroupSync());
        return DurableConnection.wrap(connection, session, group);
    }

    private static final ThreadLocal<Boolean> ASYNCHRONOUS = ThreadLocal.withInitial(() -> false);

    /** Work that may throw. */
    @FunctionalInterface
    public interface Work<T, E extends Exception> {
        T run() throws E;
    }

    /**
     * Runs {@code work}; the commits this thread makes meanwhile on a database of this driver return without waiting
     * for the disk, as with PostgreSQL's {@code synchronous_commit = off}. Such a transaction is on disk with the next
     * sync, which any later durable commit or {@link #awaitAsynchronousCommits} brings; a crash before may lose it,
     * never part of it. Other drivers ignore this.
     */
    public static <T, E extends Exception> T committingAsynchronously(Work<T, E> work) throws E {
        boolean outer = ASYNCHRONOUS.get();
        ASYNCHRONOUS.set(true);
        try {
            return work.run();
        } finally {
            ASYNCHRONOUS.set(outer);
        }
    }

    static boolean asynchronousOnThisThread() {
        return ASYNCHRONOUS.get();
    }

    /**
     * Returns once every asynchronous commit made so far on the database of {@code connection} is on disk, at once if
     * none is pending; does nothing for a connection of another driver.
     */
    public static void awaitAsynchronousCommits(Connection connection) throws SQLException {
        if (connection.isWrapperFor(JdbcConnection.class)
            && connection.unwrap(JdbcConnection.class).getSession() instanceof SessionLocal session) {
            GroupSync group = GROUPS.get(session.getDatabase());
            if (group != null) {
                group.awaitAsynchronousCommits(() -> session.getDatabase().sync());
            }
        }
    }

    /** How many commits on the database of this connection did not wait for the disk: for tests and diagnostics. */
    public static long asynchronousCommits(Connection connection) throws SQLException {
        GroupSync group = groupOf(connection);
        return group == null ? 0 : group.asynchronousCommits();
    }

    /** How many syncs the database of this connection has done: for tests and diagnostics. */
    public static long syncs(Connection connection) throws SQLException {
        GroupSync group = groupOf(connection);
        return group == null ? 0 : group.syncs();
    }

    private static GroupSync groupOf(Connection connection) throws SQLException {
        SessionLocal session = (SessionLocal) connection.unwrap(JdbcConnection.class).getSession();
        return GROUPS.get(session.getDatabase());
    }

    @Override
    public boolean acceptsURL(String url) throws SQLException {
        return h2.acceptsURL(url);
    }

    @Override
    public DriverPropertyInfo[] getPropertyInfo(String url, Properties info) throws SQLException {
        return h2.getPropertyInfo(url, info);
    }

    @Override
    public int getMajorVersion() {
        return h2.getMajorVersion();
    }

    @Override
    public int getMinorVersion() {
        return h2.getMinorVersion();
    }

    @Override
    public boolean jdbcCompliant() {
        return h2.jdbcCompliant();
    }

    @Override
    public Logger getParentLogger() throws SQLFeatureNotSupportedException {
        return h2.getParentLogger();
    }
}
