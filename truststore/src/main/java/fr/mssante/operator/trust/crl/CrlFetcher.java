package fr.mssante.operator.trust.crl;

import java.io.IOException;
import java.net.URI;

/** Downloads the bytes of a CRL from a distribution point. */
public interface CrlFetcher {
    byte[] fetch(URI uri) throws IOException;

    /** For offline use (e.g. {@code trust verify --crl-dir} without network): every download fails. */
    CrlFetcher OFFLINE = uri -> {
        throw new IOException("CRL download disabled (offline): " + uri);
    };
}
