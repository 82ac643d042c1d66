package fr.mssante.operator.trust.crl;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

/** Downloads CRLs over HTTP(S) with timeouts and a size cap. LDAP distribution points are not supported. */
public final class HttpCrlFetcher implements CrlFetcher {
    /** The largest IGC-Santé CRLs are a few MB; anything far bigger is not a CRL we want in memory. */
    static final int MAX_BYTES = 64 * 1024 * 1024;

    private final HttpClient client;
    private final Duration timeout;

    public HttpCrlFetcher(Duration timeout) {
        this.timeout = timeout;
        this.client = HttpClient.newBuilder().connectTimeout(timeout)
                .followRedirects(HttpClient.Redirect.NORMAL).build();
    }

    @Override
    public byte[] fetch(URI uri) throws IOException {
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase();
        if (!scheme.equals("http") && !scheme.equals("https")) {
            throw new IOException("unsupported CRL distribution point scheme '" + scheme + "': " + uri);
        }
        HttpRequest request = HttpRequest.newBuilder(uri).timeout(timeout).GET().build();
        try {
            HttpResponse<InputStream> response = client.send(request, HttpResponse.BodyHandlers.ofInputStream());
            try (InputStream in = response.body()) {
                if (response.statusCode() != 200) {
                    throw new IOException("HTTP " + response.statusCode() + " from " + uri);
                }
                byte[] body = in.readNBytes(MAX_BYTES + 1);
                if (body.length > MAX_BYTES) {
                    throw new IOException("CRL at " + uri + " exceeds " + MAX_BYTES + " bytes");
                }
                return body;
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while downloading " + uri, e);
        }
    }
}
