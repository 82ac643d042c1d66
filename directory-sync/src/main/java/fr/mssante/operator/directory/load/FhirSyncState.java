package fr.mssante.operator.directory.load;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;

/** The newest {@code meta.lastUpdated} loaded from the FHIR API: the next delta asks for {@code _lastUpdated=ge} it. */
@JsonIgnoreProperties(ignoreUnknown = true)
public record FhirSyncState(String lastUpdated) {
    static final String FILE = "fhir-state.json";
    private static final ObjectMapper JSON = new ObjectMapper();

    public static FhirSyncState load(Path stateDir) throws IOException {
        Path file = stateDir.resolve(FILE);
        return Files.exists(file) ? JSON.readValue(file.toFile(), FhirSyncState.class) : new FhirSyncState(null);
    }

    public void save(Path stateDir) throws IOException {
        Files.createDirectories(stateDir);
        Path tmp = stateDir.resolve(FILE + ".tmp");
        JSON.writeValue(tmp.toFile(), this);
        Files.move(tmp, stateDir.resolve(FILE), StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }
}
