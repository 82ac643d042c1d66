package fr.mssante.operator.james.registry;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

import javax.sql.DataSource;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import fr.mssante.operator.james.JdbcTransaction;

/**
 * {@link MailboxRegistry} over plain JDBC. The SQL sticks to what H2 2.x and PostgreSQL share
 * (CREATE ... IF NOT EXISTS, LIMIT/OFFSET, TIMESTAMP WITH TIME ZONE), so the same class runs on the
 * embedded default and on a shared database. The table is created at start when absent.
 */
public class JdbcMailboxRegistry implements MailboxRegistry {

    private static final Logger LOGGER = LoggerFactory.getLogger(JdbcMailboxRegistry.class);
    private static final String UNIQUE_VIOLATION = "23505";

    private static final String COLUMNS = "address, mail_domain, bal_type, status, suspension_reason, display_name,"
        + " description, service, responsible, phone, dematerialisation, liste_rouge, professional_id, structure_id,"
        + " directory_change_marker, created_at, updated_at";

    private static final List<String> SCHEMA = List.of(
        "CREATE TABLE IF NOT EXISTS mssante_mailbox ("
            + " address VARCHAR(" + Mailbox.MAX_ADDRESS + ") NOT NULL PRIMARY KEY,"
            + " mail_domain VARCHAR(255) NOT NULL,"
            + " bal_type VARCHAR(3) NOT NULL,"
            + " status VARCHAR(16) NOT NULL,"
            + " suspension_reason VARCHAR(" + MailboxProfile.MAX_TEXT + "),"
            + " display_name VARCHAR(" + MailboxProfile.MAX_TEXT + "),"
            + " description VARCHAR(" + MailboxProfile.MAX_TEXT + "),"
            + " service VARCHAR(" + MailboxProfile.MAX_TEXT + "),"
            + " responsible VARCHAR(" + MailboxProfile.MAX_TEXT + "),"
            + " phone VARCHAR(" + MailboxProfile.MAX_CODE + "),"
            + " dematerialisation BOOLEAN NOT NULL,"
            + " liste_rouge BOOLEAN NOT NULL,"
            + " professional_id VARCHAR(" + MailboxProfile.MAX_CODE + "),"
            + " structure_id VARCHAR(" + MailboxProfile.MAX_CODE + "),"
            + " directory_change_marker VARCHAR(" + MailboxProfile.MAX_CODE + "),"
            + " created_at TIMESTAMP WITH TIME ZONE NOT NULL,"
            + " updated_at TIMESTAMP WITH TIME ZONE NOT NULL)",
        "CREATE INDEX IF NOT EXISTS mssante_mailbox_domain ON mssante_mailbox (mail_domain)");

    private final DataSource dataSource;
    private final Clock clock;

    public JdbcMailboxRegistry(DataSource dataSource, Clock clock) {
        this.dataSource = dataSource;
        this.clock = clock;
        createSchema();
    }

    private void createSchema() {
        try (Connection connection = dataSource.getConnection(); Statement statement = connection.createStatement()) {
            for (String ddl : SCHEMA) {
                statement.execute(ddl);
            }
        } catch (SQLException e) {
            throw new RegistryException("cannot create the mailbox registry table", e);
        }
    }

    @Override
    public PutOutcome put(String address, MailboxProfile profile) {
        String key = Mailbox.normalizeAddress(address);
        Objects.requireNonNull(profile, "profile");
        try {
            return putOnce(key, profile);
        } catch (SQLException e) {
            if (!UNIQUE_VIOLATION.equals(e.getSQLState())) {
                throw failure("put", key, e);
            }
            // A concurrent PUT inserted the same address between our read and our insert: retry as an update.
            try {
                return putOnce(key, profile);
            } catch (SQLException retry) {
                throw failure("put", key, retry);
            }
        }
    }

    private PutOutcome putOnce(String key, MailboxProfile profile) throws SQLException {
        return JdbcTransaction.run(dataSource, connection -> putInTransaction(connection, key, profile));
    }

    private PutOutcome putInTransaction(Connection connection, String key, MailboxProfile profile) throws SQLException {
        Optional<Mailbox> existing = select(connection, key, " FOR UPDATE");
        Instant now = now();
        if (existing.isEmpty()) {
            try (PreparedStatement insert = connection.prepareStatement(
                "INSERT INTO mssante_mailbox (" + COLUMNS + ") VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")) {
                insert.setString(1, key);
                insert.setString(2, Mailbox.domainOf(key));
                insert.setString(3, profile.type().name());
                insert.setString(4, MailboxStatus.ACTIVE.name());
                insert.setString(5, null);
                setProfile(insert, 6, profile);
                insert.setObject(16, timestamp(now));
                insert.setObject(17, timestamp(now));
                insert.executeUpdate();
            }
            LOGGER.info("mailbox registry: created {} type={}", key, profile.type());
            return PutOutcome.CREATED;
        }
        if (existing.get().profile().equals(profile)) {
            return PutOutcome.UNCHANGED;
        }
        try (PreparedStatement update = connection.prepareStatement(
            "UPDATE mssante_mailbox SET bal_type = ?, display_name = ?, description = ?, service = ?, responsible = ?,"
                + " phone = ?, dematerialisation = ?, liste_rouge = ?, professional_id = ?, structure_id = ?,"
                + " directory_change_marker = ?, updated_at = ? WHERE address = ?")) {
            update.setString(1, profile.type().name());
            setProfile(update, 2, profile);
            update.setObject(12, timestamp(now));
            update.setString(13, key);
            update.executeUpdate();
        }
        LOGGER.info("mailbox registry: updated {} type={}", key, profile.type());
        return PutOutcome.UPDATED;
    }

    /** Binds the ten profile columns after the type, from display_name to directory_change_marker. */
    private static void setProfile(PreparedStatement statement, int first, MailboxProfile profile) throws SQLException {
        statement.setString(first, profile.displayName());
        statement.setString(first + 1, profile.description());
        statement.setString(first + 2, profile.service());
        statement.setString(first + 3, profile.responsible());
        statement.setString(first + 4, profile.phone());
        statement.setBoolean(first + 5, profile.dematerialisation());
        statement.setBoolean(first + 6, profile.listeRouge());
        statement.setString(first + 7, profile.professionalId());
        statement.setString(first + 8, profile.structureId());
        statement.setString(first + 9, profile.directoryChangeMarker());
    }

    @Override
    public Optional<Mailbox> find(String address) {
        String key = Mailbox.normalizeAddress(address);
        try (Connection connection = dataSource.getConnection()) {
            return select(connection, key, "");
        } catch (SQLException e) {
            throw failure("read", key, e);
        }
    }

    private Optional<Mailbox> select(Connection connection, String key, String lock) throws SQLException {
        try (PreparedStatement select = connection.prepareStatement(
            "SELECT " + COLUMNS + " FROM mssante_mailbox WHERE address = ?" + lock)) {
            select.setString(1, key);
            try (ResultSet row = select.executeQuery()) {
                return row.next() ? Optional.of(read(row)) : Optional.empty();
            }
        }
    }

    @Override
    public List<Mailbox> list(MailboxQuery query) {
        StringBuilder sql = new StringBuilder("SELECT " + COLUMNS + " FROM mssante_mailbox WHERE 1 = 1");
        List<Object> parameters = new ArrayList<>();
        query.domain().ifPresent(domain -> {
            sql.append(" AND mail_domain = ?");
            parameters.add(domain);
        });
        query.type().ifPresent(type -> {
            sql.append(" AND bal_type = ?");
            parameters.add(type.name());
        });
        query.status().ifPresent(status -> {
            sql.append(" AND status = ?");
            parameters.add(status.name());
        });
        sql.append(" ORDER BY address LIMIT ? OFFSET ?");
        parameters.add(query.limit());
        parameters.add(query.offset());
        try (Connection connection = dataSource.getConnection();
             PreparedStatement select = connection.prepareStatement(sql.toString())) {
            for (int i = 0; i < parameters.size(); i++) {
                select.setObject(i + 1, parameters.get(i));
            }
            List<Mailbox> page = new ArrayList<>();
            try (ResultSet rows = select.executeQuery()) {
                while (rows.next()) {
                    page.add(read(rows));
                }
            }
            return page;
        } catch (SQLException e) {
            throw new RegistryException("mailbox registry: cannot list mailboxes", e);
        }
    }

    @Override
    public boolean suspend(String address, String reason) {
        MailboxProfile.checkLength("reason", reason, MailboxProfile.MAX_TEXT);
        return changeStatus(Mailbox.normalizeAddress(address), MailboxStatus.SUSPENDED, reason);
    }

    @Override
    public boolean reactivate(String address) {
        return changeStatus(Mailbox.normalizeAddress(address), MailboxStatus.ACTIVE, null);
    }

    /** Writes only when status or reason differ, so repeating a call leaves updatedAt alone. */
    private boolean changeStatus(String key, MailboxStatus status, String reason) {
        try (Connection connection = dataSource.getConnection();
             PreparedStatement update = connection.prepareStatement(
                 "UPDATE mssante_mailbox SET status = ?, suspension_reason = ?, updated_at = ?"
                     + " WHERE address = ? AND (status <> ? OR suspension_reason IS DISTINCT FROM ?)")) {
            update.setString(1, status.name());
            update.setString(2, reason);
            update.setObject(3, timestamp(now()));
            update.setString(4, key);
            update.setString(5, status.name());
            update.setString(6, reason);
            if (update.executeUpdate() == 1) {
                LOGGER.info("mailbox registry: {} is now {}{}", key, status, reason == null ? "" : " (" + reason + ")");
                return true;
            }
            return select(connection, key, "").isPresent();
        } catch (SQLException e) {
            throw failure(status == MailboxStatus.SUSPENDED ? "suspend" : "reactivate", key, e);
        }
    }

    private static Mailbox read(ResultSet row) throws SQLException {
        MailboxProfile profile = new MailboxProfile(
            BalType.valueOf(row.getString("bal_type")),
            row.getString("display_name"),
            row.getString("description"),
            row.getString("service"),
            row.getString("responsible"),
            row.getString("phone"),
            row.getBoolean("dematerialisation"),
            row.getBoolean("liste_rouge"),
            row.getString("professional_id"),
            row.getString("structure_id"),
            row.getString("directory_change_marker"));
        return new Mailbox(
            row.getString("address"),
            profile,
            MailboxStatus.valueOf(row.getString("status")),
            row.getString("suspension_reason"),
            row.getObject("created_at", OffsetDateTime.class).toInstant(),
            row.getObject("updated_at", OffsetDateTime.class).toInstant());
    }

    /** Millisecond precision: what every database keeps, so a value read back equals the value written. */
    private Instant now() {
        return clock.instant().truncatedTo(ChronoUnit.MILLIS);
    }

    private static OffsetDateTime timestamp(Instant instant) {
        return instant.atOffset(ZoneOffset.UTC);
    }

    private static RegistryException failure(String operation, String key, SQLException e) {
        return new RegistryException("mailbox registry: cannot " + operation + " " + key + ": " + e.getMessage(), e);
    }
}
