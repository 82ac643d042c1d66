package fr.mssante.operator.admin.webadmin;

import java.io.IOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import com.fasterxml.jackson.databind.ObjectMapper;

import fr.mssante.operator.admin.ConsoleConfigurationException;
import io.micrometer.core.instrument.MeterRegistry;

/** Builds the WebAdmin client from {@code mssante.admin.webadmin.*}, refusing to start on a wrong setting. */
@Configuration(proxyBeanMethods = false)
class WebAdminConfiguration {
    private static final Logger LOGGER = LoggerFactory.getLogger(WebAdminConfiguration.class);
    private static final String PREFIX = "mssante.admin.webadmin.";

    @Bean
    WebAdminApi webAdminApi(WebAdminSettings settings, ObjectMapper json, MeterRegistry meters) {
        URI base = baseUrl(settings.url());
        WebAdminToken token = token(settings);
        LOGGER.info("WebAdmin {} with {}", base, token.description());
        return new WebAdminApi(base, token, settings.connectTimeout(), settings.requestTimeout(), json, meters);
    }

    static URI baseUrl(String url) {
        try {
            URI uri = new URI(url);
            if (!("http".equals(uri.getScheme()) || "https".equals(uri.getScheme())) || uri.getHost() == null) {
                throw new URISyntaxException(url, "not an http:// or https:// URL with a host");
            }
            return uri;
        } catch (URISyntaxException e) {
            throw new ConsoleConfigurationException(PREFIX + "url='" + url + "' is not a WebAdmin URL: " + e.getMessage(),
                "Set " + PREFIX + "url to the server's WebAdmin, e.g. http://127.0.0.1:8000 (conf/webadmin.properties host and port).");
        }
    }

    static WebAdminToken token(WebAdminSettings settings) {
        if (settings.hasPrivateKeyFile() && settings.hasTokenFile()) {
            throw new ConsoleConfigurationException("Both " + PREFIX + "private-key-file and " + PREFIX
                + "token-file are set: the console would not know which credentials to use.",
                "Keep one: private-key-file (the console mints short-lived tokens) or token-file (a token minted elsewhere).");
        }
        if (settings.hasPrivateKeyFile()) {
            Path file = Path.of(settings.privateKeyFile()).toAbsolutePath().normalize();
            try {
                return new MintedTokens(SigningKey.read(file), file, settings.tokenSubject(), settings.tokenValidity(),
                    Clock.systemUTC());
            } catch (IOException | IllegalArgumentException e) {
                throw new ConsoleConfigurationException("Cannot use " + PREFIX + "private-key-file=" + file + ": " + e.getMessage(),
                    "Point it to the RSA private key (PKCS#8, DER or PEM) whose public key is the server's conf/webadmin-jwt-public.pem.");
            }
        }
        if (settings.hasTokenFile()) {
            Path file = Path.of(settings.tokenFile()).toAbsolutePath().normalize();
            if (!Files.isReadable(file)) {
                throw new ConsoleConfigurationException("Cannot read " + PREFIX + "token-file=" + file + ".",
                    "Write a WebAdmin administrator JWT (RS256, \"admin\": true) into that file, or use " + PREFIX + "private-key-file.");
            }
            return new TokenFile(file);
        }
        throw new ConsoleConfigurationException("No WebAdmin credentials: neither " + PREFIX + "private-key-file nor "
            + PREFIX + "token-file is set, and the server's WebAdmin refuses every request without a JWT.",
            "Set " + PREFIX + "private-key-file to the WebAdmin JWT private key (see docs/operator-admin.md).");
    }
}
