package fr.mssante.operator.trust.tls;

/**
 * A final SMTP reply as the SMTP client read it: the code and the text after it (with the enhanced status code
 * when there is one), e.g. {@code 250} / {@code 2.6.0 Message received}. {@code local}: the reply did not come from
 * the peer but from our recipient domain check ({@code 550 5.7.1 MSSante trust space: ...}), the command was never sent.
 */
public record OutboundReply(int code, String text, boolean local) {

    public boolean isPositive() {
        return code >= 200 && code < 300;
    }

    @Override
    public String toString() {
        return code + " " + text;
    }
}
