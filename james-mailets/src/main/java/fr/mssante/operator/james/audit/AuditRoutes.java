package fr.mssante.operator.james.audit;

import static org.eclipse.jetty.http.HttpStatus.BAD_REQUEST_400;
import static org.eclipse.jetty.http.HttpStatus.INTERNAL_SERVER_ERROR_500;

import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;

import javax.inject.Inject;

import org.apache.james.webadmin.Routes;
import org.apache.james.webadmin.utils.ErrorResponder;
import org.apache.james.webadmin.utils.ErrorResponder.ErrorType;
import org.apache.james.webadmin.utils.JsonTransformer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import spark.HaltException;
import spark.Request;
import spark.Response;
import spark.Service;

/**
 * {@code GET /mssante/audit}: the audit trail, newest first, filtered and paged. Enabled with
 * {@code extensions.routes=fr.mssante.operator.james.audit.AuditRoutes} in {@code webadmin.properties};
 * protected by WebAdmin's JWT like every route.
 */
public class AuditRoutes implements Routes {

    public static final String BASE_PATH = "/mssante/audit";
    private static final Logger LOGGER = LoggerFactory.getLogger(AuditRoutes.class);
    private static final List<String> PARAMETERS = List.of("from", "to", "direction", "decision", "sender", "recipient",
        "peerIp", "messageId", "user", "offset", "limit");

    private final AuditRepository audit;
    private final JsonTransformer json = new JsonTransformer();

    @Inject
    public AuditRoutes(AuditRepository audit) {
        this.audit = audit;
    }

    @Override
    public String getBasePath() {
        return BASE_PATH;
    }

    @Override
    public void define(Service service) {
        service.get(BASE_PATH, this::list, json);
    }

    private List<AuditEvent> list(Request request, Response response) {
        AuditQuery query;
        try {
            query = query(request);
        } catch (IllegalArgumentException e) {
            throw ErrorResponder.builder()
                .statusCode(BAD_REQUEST_400)
                .type(ErrorType.INVALID_ARGUMENT)
                .message(e.getMessage())
                .haltError();
        }
        try {
            return audit.query(query);
        } catch (AuditStorageException e) {
            throw serverError(e);
        }
    }

    static AuditQuery query(Request request) {
        request.queryParams().stream()
            .filter(name -> !PARAMETERS.contains(name))
            .findFirst()
            .ifPresent(name -> {
                throw new IllegalArgumentException("unknown query parameter '" + name + "', expected one of "
                    + String.join(", ", PARAMETERS));
            });
        return new AuditQuery(
            filter(request, "from", value -> instant("from", value)),
            filter(request, "to", value -> instant("to", value)),
            filter(request, "direction", AuditDirection::parse),
            filter(request, "decision", AuditDecision::parse),
            filter(request, "sender", Function.identity()),
            filter(request, "recipient", Function.identity()),
            filter(request, "peerIp", Function.identity()),
            filter(request, "messageId", Function.identity()),
            filter(request, "user", Function.identity()),
            integer(request, "offset", 0),
            integer(request, "limit", AuditQuery.DEFAULT_LIMIT));
    }

    /** An absent or empty filter ({@code ?decision=}) means any. */
    private static <T> Optional<T> filter(Request request, String name, Function<String, T> parser) {
        return Optional.ofNullable(request.queryParams(name)).map(String::trim).filter(v -> !v.isEmpty()).map(parser);
    }

    private static Instant instant(String name, String value) {
        try {
            return Instant.parse(value);
        } catch (DateTimeParseException e) {
            throw new IllegalArgumentException(name + ": '" + value + "' is not an ISO-8601 UTC instant such as 2026-11-21T10:30:00Z");
        }
    }

    private static int integer(Request request, String name, int defaultValue) {
        String value = request.queryParams(name);
        if (value == null || value.isBlank()) {
            return defaultValue;
        }
        try {
            return Integer.parseInt(value.trim());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(name + " must be an integer, got '" + value + "'");
        }
    }

    private static HaltException serverError(AuditStorageException e) {
        LOGGER.error("audit route: audit trail unavailable", e);
        return ErrorResponder.builder()
            .statusCode(INTERNAL_SERVER_ERROR_500)
            .type(ErrorType.SERVER_ERROR)
            .message("audit trail unavailable")
            .cause(e)
            .haltError();
    }
}
