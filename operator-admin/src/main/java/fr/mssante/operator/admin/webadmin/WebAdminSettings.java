package fr.mssante.operator.admin.webadmin;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * {@code mssante.admin.webadmin.*}: where the server's WebAdmin listens and how the console authenticates to it.
 * Exactly one of {@code private-key-file} (mint short-lived tokens) and {@code token-file} (a token minted elsewhere).
 */
@ConfigurationProperties("mssante.admin.webadmin")
public record WebAdminSettings(
    @DefaultValue("http://127.0.0.1:8000") String url,
    String privateKeyFile,
    String tokenFile,
    @DefaultValue("operator-admin") String tokenSubject,
    @DefaultValue("5m") Duration tokenValidity,
    @DefaultValue("5s") Duration connectTimeout,
    @DefaultValue("15s") Duration requestTimeout) {

    boolean hasPrivateKeyFile() {
        return privateKeyFile != null && !privateKeyFile.isBlank();
    }

    boolean hasTokenFile() {
        return tokenFile != null && !tokenFile.isBlank();
    }
}
