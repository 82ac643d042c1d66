package fr.mssante.operator.trust.tls;

import java.util.concurrent.Callable;

/**
 * The recipient domain of the delivery running on this thread, when the caller knows it. JavaMail only
 * tells a socket factory the MX host, so code that controls the delivery thread sets the domain here and
 * the outbound trust check then requires the peer's DN to be listed for exactly that domain.
 */
public final class DestinationDomain {
    private static final ThreadLocal<String> CURRENT = new ThreadLocal<>();

    private DestinationDomain() {
    }

    public static <T> T callWith(String domain, Callable<T> work) throws Exception {
        String previous = CURRENT.get();
        CURRENT.set(domain);
        try {
            return work.call();
        } finally {
            if (previous == null) {
                CURRENT.remove();
            } else {
                CURRENT.set(previous);
            }
        }
    }

    /** The domain set by {@link #callWith}, or null. */
    public static String current() {
        return CURRENT.get();
    }
}
