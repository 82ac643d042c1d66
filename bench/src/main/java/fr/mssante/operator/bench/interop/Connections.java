package fr.mssante.operator.bench.interop;

/** How operator A's MTA uses its connections to B. */
enum Connections {
    /** Connect, STARTTLS with a full handshake, one message, QUIT: the trust checks run once per message. */
    NEW_PER_MESSAGE("new TLS connection per message"),
    /** K connections opened before the clock starts, each carrying many messages: the hook runs per MAIL FROM. */
    REUSED("reused connections");

    private final String label;

    Connections(String label) {
        this.label = label;
    }

    String label() {
        return label;
    }
}
