package fr.mssante.operator.james.audit;

import java.time.Instant;
import java.util.List;

/** Where the audit trail is kept. */
public interface AuditRepository {

    /**
     * Records one event. The JDBC store throws {@link AuditStorageException} when the database fails; the buffered
     * repository James uses never does (an audit problem must not refuse mail: it logs the event instead).
     */
    void append(AuditEvent event);

    /** Events matching the query, newest first. */
    List<AuditEvent> query(AuditQuery query);

    /** Deletes the events strictly older than {@code limit}; answers how many were deleted. */
    int purgeBefore(Instant limit);
}
