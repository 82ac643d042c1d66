package fr.mssante.operator.trust.whitelist;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import javax.net.ssl.SSLContext;

/** Where a new liste blanche comes from. */
public interface ListeBlancheSource {
    /** Largest document accepted (the real list is a few MB). */
    int MAX_BYTES = 64 * 1024 * 1024;

    byte[] fetch() throws IOException;

    String describe();

    static ListeBlancheSource file(Path file) {
        return new ListeBlancheSource() {
            @Override
            public byte[] fetch() throws IOException {
                if (Files.size(file) > MAX_BYTES) {
                    throw new IOException(file + " exceeds " + MAX_BYTES + " bytes");
                }
                return Files.readAllBytes(file);
            }

            @Override
            public String describe() {
                return file.toString();
            }
        };
    }

    /**
     * HTTPS download. {@code sslContext} must trust only the IGC-Santé chain (see
     * {@code TrustSpaceSsl.igcSanteHttpsContext}); host names are verified by the HTTP client.
     */
    static ListeBlancheSource https(URI uri, SSLContext sslContext, Duration timeout) {
        if (!"https".equalsIgnoreCase(uri.getScheme())) {
            throw new IllegalArgumentException("the liste blanche must be fetched over https, not " + uri);
        }
        HttpClient client = HttpClient.newBuilder().sslContext(sslContext).connectTimeout(timeout).build();
        return new ListeBlancheSource() {
            @Override
            public byte[] fetch() throws IOException {
                HttpRequest request = HttpRequest.newBuilder(uri).timeout(timeout).GET().build();
                try {
                    HttpResponse<InputStream> response = client.send(request, HttpResponse.BodyHandlers.ofInputStream());
                    try (InputStream in = response.body()) {
                        if (response.statusCode() != 200) {
                            throw new IOException("HTTP " + response.statusCode() + " from " + uri);
                        }
                        byte[] body = in.readNBytes(MAX_BYTES + 1);
                        if (body.length > MAX_BYTES) {
                            throw new IOException(uri + " exceeds " + MAX_BYTES + " bytes");
                        }
                        return body;
                    }
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new IOException("interrupted while downloading " + uri, e);
                }
            }

            @Override
            public String describe() {
                return uri.toString();
            }
        };
    }
}
