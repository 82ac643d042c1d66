package fr.mssante.operator.directory.sync;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;

/**
 * What the next run needs: the change marker (mirror modifyTimestamp from which an incremental run reads) and the
 * domains it was computed for. Only a fully applied run moves it, so a failed run is simply redone.
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record SyncState(String marker, List<String> domains, String lastSuccessfulRun) {
    static final String FILE = "sync-state.json";
    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    public static SyncState load(Path stateDir) throws IOException {
        Path file = stateDir.resolve(FILE);
        if (!Files.exists(file)) {
            return new SyncState(null, List.of(), null);
        }
        try {
            return JSON.readValue(file.toFile(), SyncState.class);
        } catch (IOException e) {
            throw new IOException("unreadable sync state " + file + " (delete it to force a full run): "
                    + e.getMessage(), e);
        }
    }

    /** Writes atomically: a crash leaves either the old state or the new one. */
    public void save(Path stateDir) throws IOException {
        Files.createDirectories(stateDir);
        Path tmp = stateDir.resolve(FILE + ".tmp");
        JSON.writeValue(tmp.toFile(), this);
        Files.move(tmp, stateDir.resolve(FILE), StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }
}
