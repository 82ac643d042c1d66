package fr.mssante.operator.server.vacation;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.ZonedDateTime;
import java.util.Optional;

import javax.inject.Inject;

import org.apache.james.vacation.api.AccountId;
import org.apache.james.vacation.api.Vacation;
import org.apache.james.vacation.api.VacationPatch;
import org.apache.james.vacation.api.VacationRepository;

import fr.mssante.operator.server.storage.JpaConnections;
import fr.mssante.operator.server.storage.WriteClearedCache;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

/**
 * Auto-reply settings per account, kept across restarts (James 3.8.1 only has memory and Cassandra ones). James's
 * vacation mailet reads them for every recipient of every mail: they are kept in memory, cleared after each change
 * (every change goes through {@link #modifyVacation} on this node).
 */
public class JdbcVacationRepository implements VacationRepository {
    private static final long MAX_ENTRIES = 100_000;

    static final String CREATE_TABLE = "CREATE TABLE IF NOT EXISTS MSSANTE_VACATION ("
        + "ACCOUNT_ID VARCHAR(255) NOT NULL PRIMARY KEY, ENABLED BOOLEAN NOT NULL, FROM_DATE VARCHAR(64), "
        + "TO_DATE VARCHAR(64), SUBJECT VARCHAR, TEXT_BODY VARCHAR, HTML_BODY VARCHAR)";

    private final JpaConnections connections;
    private final WriteClearedCache<AccountId, Vacation> vacations = new WriteClearedCache<>(MAX_ENTRIES);

    @Inject
    public JdbcVacationRepository(JpaConnections connections) {
        this.connections = connections;
        connections.inTransaction(connection -> connection.createStatement().execute(CREATE_TABLE));
    }

    @Override
    public Mono<Vacation> retrieveVacation(AccountId accountId) {
        return Mono.defer(() -> {
            Vacation cached = vacations.getIfPresent(accountId);
            if (cached != null) {
                return Mono.just(cached);
            }
            return Mono.fromCallable(() -> vacations.get(accountId,
                    account -> connections.inTransaction(connection -> read(connection, account))))
                .subscribeOn(Schedulers.boundedElastic());
        });
    }

    @Override
    public Mono<Void> modifyVacation(AccountId accountId, VacationPatch patch) {
        return Mono.fromRunnable(() -> write(accountId, patch)).subscribeOn(Schedulers.boundedElastic()).then();
    }

    private void write(AccountId accountId, VacationPatch patch) {
        try {
            connections.inTransaction(connection -> {
                Vacation updated = patch.patch(read(connection, accountId));
                try (PreparedStatement delete = connection.prepareStatement("DELETE FROM MSSANTE_VACATION WHERE ACCOUNT_ID = ?")) {
                    delete.setString(1, accountId.getIdentifier());
                    delete.executeUpdate();
                }
                try (PreparedStatement insert = connection.prepareStatement("INSERT INTO MSSANTE_VACATION "
                    + "(ACCOUNT_ID, ENABLED, FROM_DATE, TO_DATE, SUBJECT, TEXT_BODY, HTML_BODY) VALUES (?, ?, ?, ?, ?, ?, ?)")) {
                    insert.setString(1, accountId.getIdentifier());
                    insert.setBoolean(2, updated.isEnabled());
                    insert.setString(3, updated.getFromDate().map(ZonedDateTime::toString).orElse(null));
                    insert.setString(4, updated.getToDate().map(ZonedDateTime::toString).orElse(null));
                    insert.setString(5, updated.getSubject().orElse(null));
                    insert.setString(6, updated.getTextBody().orElse(null));
                    insert.setString(7, updated.getHtmlBody().orElse(null));
                    insert.executeUpdate();
                }
                return null;
            });
        } finally {
            // After the commit, so that a read of the old row cannot be kept (WriteClearedCache).
            vacations.clear();
        }
    }

    private static Vacation read(java.sql.Connection connection, AccountId accountId) throws SQLException {
        try (PreparedStatement select = connection.prepareStatement("SELECT ENABLED, FROM_DATE, TO_DATE, SUBJECT, "
            + "TEXT_BODY, HTML_BODY FROM MSSANTE_VACATION WHERE ACCOUNT_ID = ?")) {
            select.setString(1, accountId.getIdentifier());
            try (ResultSet row = select.executeQuery()) {
                if (!row.next()) {
                    return DEFAULT_VACATION;
                }
                return Vacation.builder()
                    .enabled(row.getBoolean(1))
                    .fromDate(date(row.getString(2)))
                    .toDate(date(row.getString(3)))
                    .subject(Optional.ofNullable(row.getString(4)))
                    .textBody(Optional.ofNullable(row.getString(5)))
                    .htmlBody(Optional.ofNullable(row.getString(6)))
                    .build();
            }
        }
    }

    private static Optional<ZonedDateTime> date(String value) {
        return Optional.ofNullable(value).map(ZonedDateTime::parse);
    }
}
