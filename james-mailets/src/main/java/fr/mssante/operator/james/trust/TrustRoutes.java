package fr.mssante.operator.james.trust;

import static org.eclipse.jetty.http.HttpStatus.BAD_REQUEST_400;
import static org.eclipse.jetty.http.HttpStatus.CONFLICT_409;

import java.util.LinkedHashMap;
import java.util.Map;

import javax.inject.Inject;

import org.apache.james.webadmin.Routes;
import org.apache.james.webadmin.utils.ErrorResponder;
import org.apache.james.webadmin.utils.ErrorResponder.ErrorType;
import org.apache.james.webadmin.utils.JsonTransformer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import fr.mssante.operator.trust.whitelist.ListeBlanche;
import fr.mssante.operator.trust.whitelist.ListeBlancheStore;
import spark.Request;
import spark.Response;
import spark.Service;

/**
 * {@code /mssante/trust/listeblanche}: what the server trusts right now, and a reload without restart.
 * {@code GET} answers the list in force and the outcome of the last load; {@code POST ?action=reload} loads the
 * source again ({@code &acceptShrink=true} accepts on purpose a list that drops many domains).
 */
public class TrustRoutes implements Routes {
    public static final String BASE_PATH = "/mssante/trust/listeblanche";
    private static final Logger LOGGER = LoggerFactory.getLogger(TrustRoutes.class);

    private final ServerTrustSpace trust;
    private final JsonTransformer json = new JsonTransformer();

    @Inject
    public TrustRoutes(ServerTrustSpace trust) {
        this.trust = trust;
    }

    @Override
    public String getBasePath() {
        return BASE_PATH;
    }

    @Override
    public void define(Service service) {
        service.get(BASE_PATH, this::status, json);
        service.post(BASE_PATH, this::reload, json);
    }

    private Map<String, Object> status(Request request, Response response) {
        ListeBlanche current = trust.currentListeBlanche();
        Map<String, Object> status = new LinkedHashMap<>();
        status.put("generatedAt", current.generatedAt() == null ? null : current.generatedAt().toString());
        status.put("domains", current.domainCount());
        status.put("entries", current.entryCount());
        ListeBlancheStore store = trust.trustSpace().listeBlanche();
        if (store != null && store.lastOutcome() != null) {
            status.put("lastLoadInstalled", store.lastOutcome().installed());
            status.put("lastLoadMessage", store.lastOutcome().message());
        }
        return status;
    }

    private Map<String, Object> reload(Request request, Response response) {
        if (!"reload".equals(request.queryParams("action"))) {
            throw ErrorResponder.builder().statusCode(BAD_REQUEST_400).type(ErrorType.INVALID_ARGUMENT)
                .message("expected ?action=reload").haltError();
        }
        ListeBlancheStore store = trust.trustSpace().listeBlanche();
        if (store == null) {
            throw ErrorResponder.builder().statusCode(CONFLICT_409).type(ErrorType.INVALID_ARGUMENT)
                .message("no liste blanche source configured in trust.properties").haltError();
        }
        ListeBlancheStore.Outcome outcome = store.reload(Boolean.parseBoolean(request.queryParams("acceptShrink")));
        LOGGER.info("mssante.trust.listeblanche.reload installed={} message={}", outcome.installed(), outcome.message());
        if (!outcome.installed()) {
            throw ErrorResponder.builder().statusCode(CONFLICT_409).type(ErrorType.INVALID_ARGUMENT)
                .message("liste blanche refused, previous list stays in force: " + outcome.message()).haltError();
        }
        return status(request, response);
    }
}
