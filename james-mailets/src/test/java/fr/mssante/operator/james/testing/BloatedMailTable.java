package fr.mssante.operator.james.testing;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.function.IntFunction;

/**
 * A table written as a mail server writes it: a commit per message, a flag update each, then half of the messages
 * deleted. Leaves an H2 file several times its live data, for the tests of file usage and compaction.
 */
public final class BloatedMailTable {
    public static final int ROWS = 400;

    private BloatedMailTable() {
    }

    /** Creates table MAIL (ID, SEEN, BODY) and leaves the even IDs of 0..ROWS-1 in it, all seen. */
    public static void fill(Connection connection, IntFunction<byte[]> body) throws SQLException {
        try (Statement statement = connection.createStatement()) {
            statement.execute("CREATE TABLE MAIL (ID INT PRIMARY KEY, SEEN BOOLEAN, BODY VARBINARY(20000))");
        }
        try (PreparedStatement insert = connection.prepareStatement("INSERT INTO MAIL VALUES (?, FALSE, ?)");
             PreparedStatement seen = connection.prepareStatement("UPDATE MAIL SET SEEN = TRUE WHERE ID = ?")) {
            for (int id = 0; id < ROWS; id++) {
                insert.setInt(1, id);
                insert.setBytes(2, body.apply(id));
                insert.executeUpdate();
                seen.setInt(1, id);
                seen.executeUpdate();
            }
        }
        try (Statement statement = connection.createStatement()) {
            statement.executeUpdate("DELETE FROM MAIL WHERE MOD(ID, 2) = 1");
        }
    }
}
