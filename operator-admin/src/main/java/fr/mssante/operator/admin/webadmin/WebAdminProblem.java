package fr.mssante.operator.admin.webadmin;

import java.util.Locale;

/** Why the console could not get an answer from WebAdmin, in words an operator can act on. */
public record WebAdminProblem(Kind kind, String message) {

    public enum Kind {
        CONNECTION_REFUSED,
        UNKNOWN_HOST,
        TIMEOUT,
        TLS,
        UNAUTHORIZED,
        HTTP_STATUS,
        BAD_ANSWER,
        NETWORK,
        TOKEN;

        /** A stable label for logs and metrics: {@code connection-refused}, {@code unauthorized}... */
        public String code() {
            return name().toLowerCase(Locale.ROOT).replace('_', '-');
        }
    }

    static WebAdminProblem token(String message) {
        return new WebAdminProblem(Kind.TOKEN, "no WebAdmin token: " + message);
    }

    public String code() {
        return kind.code();
    }
}
