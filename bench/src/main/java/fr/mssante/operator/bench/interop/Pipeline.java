package fr.mssante.operator.bench.interop;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The two port-25 pipelines compared: the production one, and the same with the trust checks taken out (no
 * {@code <clientAuth>}, so no client certificate is asked for or chain-checked at the handshake, and no
 * {@code InboundTrustHook} at MAIL FROM/RCPT). Everything else (STARTTLS, audit hook, RCPT hooks, spool, delivery)
 * stays, so the ratio between them is the cost of the trust checks.
 */
enum Pipeline {
    TRUST_CHECKS("with trust checks"),
    NO_TRUST_CHECKS("without trust checks");

    private static final Pattern MX_LISTENER =
        Pattern.compile("<smtpserver[^>]*>(?:(?!</smtpserver>).)*?<jmxName>smtpserver-mx</jmxName>.*?</smtpserver>",
            Pattern.DOTALL);
    private static final Pattern CLIENT_AUTH = Pattern.compile("\\s*<clientAuth>.*?</clientAuth>", Pattern.DOTALL);
    private static final Pattern TRUST_HOOK =
        Pattern.compile("\\s*<handler class=\"fr\\.mssante\\.operator\\.james\\.trust\\.InboundTrustHook\"\\s*/>");

    private final String label;

    Pipeline(String label) {
        this.label = label;
    }

    String label() {
        return label;
    }

    /** Rewrites the installed conf/smtpserver.xml of one bench home (never the repository's templates). */
    void applyTo(Path smtpServerXml) throws IOException {
        if (this == TRUST_CHECKS) {
            return;
        }
        String content = Files.readString(smtpServerXml, StandardCharsets.UTF_8);
        Matcher listener = MX_LISTENER.matcher(content);
        if (!listener.find()) {
            throw new IllegalStateException(smtpServerXml + ": no port-25 listener (jmxName smtpserver-mx)");
        }
        String mx = listener.group();
        String stripped = removeOnce(CLIENT_AUTH, removeOnce(TRUST_HOOK, mx, smtpServerXml), smtpServerXml);
        Files.writeString(smtpServerXml, content.substring(0, listener.start()) + stripped
            + content.substring(listener.end()), StandardCharsets.UTF_8);
    }

    private static String removeOnce(Pattern element, String listener, Path file) {
        Matcher matcher = element.matcher(listener);
        if (!matcher.find()) {
            throw new IllegalStateException(file + ": port-25 listener has no " + element.pattern()
                + "; the bench would compare identical pipelines");
        }
        return matcher.replaceFirst("");
    }
}
