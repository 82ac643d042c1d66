package fr.mssante.operator.server.storage;

import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

import org.apache.openjpa.lib.jdbc.AbstractJDBCListener;
import org.apache.openjpa.lib.jdbc.JDBCEvent;

/**
 * Records the SQL sent through OpenJPA's connections, ours included ({@link JpaConnections} goes through them).
 * OpenJPA configures a listener by class name, so what it records is static: clear it before each test.
 */
public class SentSql extends AbstractJDBCListener {
    static final List<String> SENT = new CopyOnWriteArrayList<>();
    /** The OpenJPA property that installs this listener, for {@link H2Units#inMemory(Map)}. */
    static final Map<String, String> PROPERTY = Map.of("openjpa.jdbc.JDBCListeners", SentSql.class.getName());

    @Override
    public void beforeExecuteStatement(JDBCEvent event) {
        SENT.add(event.getSQL());
    }
}
