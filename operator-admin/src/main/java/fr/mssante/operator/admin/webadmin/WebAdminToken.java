package fr.mssante.operator.admin.webadmin;

/** Where the console's WebAdmin bearer token comes from. */
public interface WebAdminToken {
    /** The token to send now; a {@link WebAdminException} of kind {@code TOKEN} when none can be had. */
    String bearer() throws WebAdminException;

    /** For the status page: which file, which mode (never the token itself). */
    String description();
}
