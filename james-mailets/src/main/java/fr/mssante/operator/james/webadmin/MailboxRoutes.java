package fr.mssante.operator.james.webadmin;

import static org.eclipse.jetty.http.HttpStatus.BAD_REQUEST_400;
import static org.eclipse.jetty.http.HttpStatus.CREATED_201;
import static org.eclipse.jetty.http.HttpStatus.INTERNAL_SERVER_ERROR_500;
import static org.eclipse.jetty.http.HttpStatus.NOT_FOUND_404;
import static org.eclipse.jetty.http.HttpStatus.NO_CONTENT_204;

import java.security.SecureRandom;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;

import javax.inject.Inject;
import javax.mail.internet.AddressException;

import org.apache.james.core.Domain;
import org.apache.james.core.MailAddress;
import org.apache.james.core.Username;
import org.apache.james.domainlist.api.DomainList;
import org.apache.james.domainlist.api.DomainListException;
import org.apache.james.user.api.UsersRepository;
import org.apache.james.user.api.UsersRepositoryException;
import org.apache.james.webadmin.Routes;
import org.apache.james.webadmin.utils.ErrorResponder;
import org.apache.james.webadmin.utils.ErrorResponder.ErrorType;
import org.apache.james.webadmin.utils.JsonTransformer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import fr.mssante.operator.james.registry.BalType;
import fr.mssante.operator.james.registry.Mailbox;
import fr.mssante.operator.james.registry.MailboxProfile;
import fr.mssante.operator.james.registry.MailboxQuery;
import fr.mssante.operator.james.registry.MailboxRegistry;
import fr.mssante.operator.james.registry.MailboxRegistry.PutOutcome;
import fr.mssante.operator.james.registry.MailboxStatus;
import fr.mssante.operator.james.registry.RegistryException;
import spark.HaltException;
import spark.Request;
import spark.Response;
import spark.Service;

/**
 * WebAdmin routes of the MSSanté mailbox registry ({@code /mssante/mailboxes}), the only door
 * directory-sync uses. Enabled with {@code extensions.routes=fr.mssante.operator.james.webadmin.MailboxRoutes}
 * in {@code webadmin.properties}. Creating a mailbox also creates its James user; nothing here deletes
 * a James user or mail.
 */
public class MailboxRoutes implements Routes {

    public static final String BASE_PATH = "/mssante/mailboxes";
    private static final String ADDRESS = ":address";
    private static final Logger LOGGER = LoggerFactory.getLogger(MailboxRoutes.class);
    private static final SecureRandom RANDOM = new SecureRandom();

    private final UsersRepository users;
    private final DomainList domains;
    private final MailboxRegistry registry;
    private final JsonTransformer json = new JsonTransformer();
    private final JsonBodyReader bodies = new JsonBodyReader();

    @Inject
    public MailboxRoutes(UsersRepository users, DomainList domains, MailboxRegistry registry) {
        this.users = users;
        this.domains = domains;
        this.registry = registry;
    }

    @Override
    public String getBasePath() {
        return BASE_PATH;
    }

    @Override
    public void define(Service service) {
        service.get(BASE_PATH, this::list, json);
        service.get(BASE_PATH + "/" + ADDRESS, this::get, json);
        service.put(BASE_PATH + "/" + ADDRESS, this::put);
        service.post(BASE_PATH + "/" + ADDRESS, this::changeStatus);
    }

    private List<MailboxJson> list(Request request, Response response) {
        MailboxQuery query = badRequestOn(() -> new MailboxQuery(
            filter(request, "domain"),
            filter(request, "type").map(BalType::parse),
            filter(request, "status").map(MailboxStatus::parse),
            intParam(request, "offset", 0),
            intParam(request, "limit", MailboxQuery.DEFAULT_LIMIT)));
        return storage(() -> registry.list(query)).stream().map(MailboxJson::of).toList();
    }

    private MailboxJson get(Request request, Response response) {
        MailAddress address = address(request);
        return storage(() -> registry.find(address.asString()))
            .map(MailboxJson::of)
            .orElseThrow(() -> notRegistered(address));
    }

    private String put(Request request, Response response) {
        MailAddress address = address(request);
        MailboxPutRequest body = badRequestOn(() -> bodies.read(request.body(), MailboxPutRequest.class));
        if (body.address() != null && !body.address().equalsIgnoreCase(address.asString())) {
            throw badRequest("address in the body (" + body.address() + ") differs from the address in the path ("
                + address.asString() + ")");
        }
        MailboxProfile profile = badRequestOn(body::profile);
        requireJamesDomain(address.getDomain());
        ensureJamesUser(address, Optional.ofNullable(body.password()));
        PutOutcome outcome = storage(() -> registry.put(address.asString(), profile));
        response.status(outcome == PutOutcome.CREATED ? CREATED_201 : NO_CONTENT_204);
        return "";
    }

    private String changeStatus(Request request, Response response) {
        MailAddress address = address(request);
        String action = Optional.ofNullable(request.queryParams("action")).orElse("");
        boolean found = switch (action) {
            case "suspend" -> {
                String reason = request.body() == null || request.body().isBlank()
                    ? null
                    : badRequestOn(() -> bodies.read(request.body(), SuspendRequest.class)).reason();
                yield storage(() -> badRequestOn(() -> registry.suspend(address.asString(), reason)));
            }
            case "reactivate" -> storage(() -> registry.reactivate(address.asString()));
            default -> throw badRequest("query parameter 'action' must be 'suspend' or 'reactivate', got '" + action + "'");
        };
        if (!found) {
            throw notRegistered(address);
        }
        response.status(NO_CONTENT_204);
        return "";
    }

    private void requireJamesDomain(Domain domain) {
        boolean local;
        try {
            local = domains.containsDomain(domain);
        } catch (DomainListException e) {
            throw serverError("cannot read James's domain list", e);
        }
        if (!local) {
            throw badRequest("domain '" + domain.asString() + "' is not a James domain: add it first (PUT /domains/"
                + domain.asString() + ")");
        }
    }

    /** The James user is created once, by the PUT that registers the mailbox; later PUTs leave it alone. */
    private void ensureJamesUser(MailAddress address, Optional<String> password) {
        try {
            Username username = users.getUsername(address);
            if (users.contains(username)) {
                return;
            }
            if (users.isReadOnly()) {
                throw badRequest("James user " + username.asString()
                    + " does not exist and James's users repository is read-only: create it in the directory first");
            }
            if (password.filter(String::isBlank).isPresent()) {
                throw badRequest("field 'password' must not be blank");
            }
            users.addUser(username, password.orElseGet(MailboxRoutes::unusablePassword));
            LOGGER.info("mailbox registry: created James user {} ({})", username.asString(),
                password.isPresent() ? "given password" : "random password");
        } catch (UsersRepositoryException e) {
            throw serverError("cannot create James user " + address.asString(), e);
        }
    }

    /** Nobody knows it: the mailbox stays unusable for password login until an operator sets one. */
    private static String unusablePassword() {
        byte[] secret = new byte[32];
        RANDOM.nextBytes(secret);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(secret);
    }

    private static MailAddress address(Request request) {
        String raw = request.params(ADDRESS);
        try {
            return new MailAddress(Mailbox.normalizeAddress(raw));
        } catch (AddressException | IllegalArgumentException e) {
            throw badRequest("'" + raw + "' is not a valid mail address");
        }
    }

    /** An absent or empty filter ({@code ?type=}) means "any". */
    private static Optional<String> filter(Request request, String name) {
        return Optional.ofNullable(request.queryParams(name)).filter(value -> !value.isBlank());
    }

    private static int intParam(Request request, String name, int defaultValue) {
        String value = request.queryParams(name);
        if (value == null) {
            return defaultValue;
        }
        try {
            return Integer.parseInt(value);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(name + " must be an integer, got '" + value + "'");
        }
    }

    private static <T> T badRequestOn(Supplier<T> action) {
        try {
            return action.get();
        } catch (IllegalArgumentException e) {
            throw ErrorResponder.builder()
                .statusCode(BAD_REQUEST_400)
                .type(ErrorType.INVALID_ARGUMENT)
                .message(e.getMessage())
                .haltError();
        }
    }

    private static <T> T storage(Supplier<T> action) {
        try {
            return action.get();
        } catch (RegistryException e) {
            throw serverError("mailbox registry unavailable", e);
        }
    }

    private static HaltException badRequest(String message) {
        return ErrorResponder.builder()
            .statusCode(BAD_REQUEST_400)
            .type(ErrorType.INVALID_ARGUMENT)
            .message(message)
            .haltError();
    }

    private static HaltException notRegistered(MailAddress address) {
        return ErrorResponder.builder()
            .statusCode(NOT_FOUND_404)
            .type(ErrorType.NOT_FOUND)
            .message("mailbox " + address.asString() + " is not registered")
            .haltError();
    }

    private static HaltException serverError(String message, Exception cause) {
        LOGGER.error("mailbox registry route: {}", message, cause);
        return ErrorResponder.builder()
            .statusCode(INTERNAL_SERVER_ERROR_500)
            .type(ErrorType.SERVER_ERROR)
            .message(message)
            .cause(cause)
            .haltError();
    }
}
