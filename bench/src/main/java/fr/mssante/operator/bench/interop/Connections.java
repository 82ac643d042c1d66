package fr.mssante.operator.bench.interop;

/** How operator A's MTA uses its connections to B. */
enum Connections {
    /** Connect, STARTTLS with a full handshake, one message, QUIT: the trust checks run once per message. */
    NEW_PER_MESSAGE("new TLS connection per message", true),
    /** K connections opened before the clock starts, each carrying many messages: the hook runs per MAIL FROM. */
    REUSED("reused connections", true),
    /**
     * Connect, full handshake, MAIL FROM, QUIT, no message: all of B's work is the part the trust checks weigh on,
     * so their cost per connection shows in absolute CPU milliseconds well above the noise of whole messages.
     */
    SESSION_ONLY("new TLS connection, MAIL FROM only (no message)", false);

    private final String label;
    private final boolean delivers;

    Connections(String label, boolean delivers) {
        this.label = label;
        this.delivers = delivers;
    }

    boolean delivers() {
        return delivers;
    }

    String label() {
        return label;
    }
}
