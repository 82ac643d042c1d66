package fr.mssante.operator.james.audit;

import java.time.Duration;
import java.time.format.DateTimeParseException;

import org.apache.commons.configuration2.Configuration;

/** Audit settings read from {@code conf/mssante.properties}. */
public record AuditConfiguration(Duration retention) {

    public static final String RETENTION = "mssante.audit.retention";
    public static final Duration DEFAULT_RETENTION = Duration.ofDays(365);

    public AuditConfiguration {
        if (retention.isNegative() || retention.isZero()) {
            throw new IllegalArgumentException(RETENTION + " must be a positive duration, got " + retention);
        }
    }

    public static AuditConfiguration defaults() {
        return new AuditConfiguration(DEFAULT_RETENTION);
    }

    /** An absent or empty key means the default (365 days). */
    public static AuditConfiguration from(Configuration properties) {
        String value = properties.getString(RETENTION, "").trim();
        if (value.isEmpty()) {
            return defaults();
        }
        try {
            return new AuditConfiguration(Duration.parse(value));
        } catch (DateTimeParseException e) {
            throw new IllegalArgumentException(RETENTION + " must be an ISO-8601 duration such as P365D or PT12H, got '"
                + value + "'", e);
        }
    }
}
