package fr.mssante.operator.james.h2;

import java.lang.reflect.InvocationHandler;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.sql.CallableStatement;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;

import org.h2.engine.SessionLocal;

/**
 * An H2 connection whose commits wait for {@link GroupSync}: an explicit {@code commit()} (or the commit implied by
 * {@code setAutoCommit(true)}) when the transaction changed something, and every writing statement run in
 * auto-commit mode. Read-only transactions do not wait, nor do commits made inside
 * {@link DurableH2Driver#committingAsynchronously}.
 */
final class DurableConnection implements InvocationHandler {
    private final Connection connection;
    private final SessionLocal session;
    private final GroupSync group;
    private Connection proxy;

    private DurableConnection(Connection connection, SessionLocal session, GroupSync group) {
        this.connection = connection;
        this.session = session;
        this.group = group;
    }

    static Connection wrap(Connection connection, SessionLocal session, GroupSync group) {
        DurableConnection handler = new DurableConnection(connection, session, group);
        handler.proxy = (Connection) Proxy.newProxyInstance(DurableConnection.class.getClassLoader(),
            new Class<?>[] {Connection.class}, handler);
        return handler.proxy;
    }

    @Override
    public Object invoke(Object self, Method method, Object[] args) throws Throwable {
        switch (method.getName()) {
            case "equals":
                return self == args[0];
            case "hashCode":
                return System.identityHashCode(self);
            case "commit":
                return commitThen(() -> connection.commit());
            case "setAutoCommit":
                if ((Boolean) args[0] && !connection.getAutoCommit()) {
                    return commitThen(() -> connection.setAutoCommit(true));
                }
                return call(connection, method, args);
            case "createStatement":
                return statement(Statement.class, call(connection, method, args));
            case "prepareStatement":
                return statement(PreparedStatement.class, call(connection, method, args));
            case "prepareCall":
                return statement(CallableStatement.class, call(connection, method, args));
            default:
                return call(connection, method, args);
        }
    }

    private interface SqlRunnable {
        void run() throws SQLException;
    }

    private Object commitThen(SqlRunnable commit) throws SQLException {
        boolean changed = session.hasPendingTransaction();
        commit.run();
        if (changed) {
            awaitDurable();
        }
        return null;
    }

    private void awaitDurable() throws SQLException {
        if (DurableH2Driver.asynchronousOnThisThread()) {
            group.noteAsynchronousCommit();
        } else {
            group.awaitDurable(() -> session.getDatabase().sync());
        }
    }

    private Object statement(Class<? extends Statement> type, Object statement) {
        return Proxy.newProxyInstance(DurableConnection.class.getClassLoader(), new Class<?>[] {type},
            (self, method, args) -> {
                switch (method.getName()) {
                    case "getConnection":
                        return proxy;
                    case "equals":
                        return self == args[0];
                    case "hashCode":
                        return System.identityHashCode(self);
                    default:
                        break;
                }
                Object result = call(statement, method, args);
                if (writes(method) && connection.getAutoCommit()) {
                    awaitDurable();
                }
                return result;
            });
    }

    /** Any execute method but executeQuery may have changed data; in auto-commit mode it is committed on return. */
    private static boolean writes(Method method) {
        return method.getName().startsWith("execute") && !method.getName().equals("executeQuery");
    }

    private static Object call(Object target, Method method, Object[] args) throws Throwable {
        try {
            return method.invoke(target, args);
        } catch (InvocationTargetException e) {
            throw e.getCause();
        }
    }
}
