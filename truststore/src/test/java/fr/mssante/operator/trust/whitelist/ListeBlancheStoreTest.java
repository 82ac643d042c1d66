package fr.mssante.operator.trust.whitelist;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ListeBlancheStoreTest {
    @TempDir
    Path dir;

    private Path list(int domains) throws Exception {
        Map<String, List<String>> m = new LinkedHashMap<>();
        for (int i = 0; i < domains; i++) {
            m.put("d" + i + ".mssante.fr", List.of("CN=mx" + (i % 7) + ".op.fr,OU=318000000000100,O=OP,ST=Paris (75),C=FR"));
        }
        return ListeBlancheWriter.write(dir.resolve("source.xml"), m, Instant.now());
    }

    @Test
    void refusesMalformedTruncatedAndShrunkListsWhileTheLastGoodKeepsServing() throws Exception {
        Path source = list(100);
        Path lastGood = dir.resolve("state/listeblanche-last-good.xml");
        ListeBlancheStore store = new ListeBlancheStore(ListeBlancheSource.file(source), lastGood, 0.10);
        assertThat(store.start().installed()).isTrue();
        assertThat(store.current().domainCount()).isEqualTo(100);
        assertThat(lastGood).exists();

        String good = Files.readString(source);
        Files.writeString(source, good.substring(0, good.length() / 2)); // truncated
        ListeBlancheStore.Outcome truncated = store.reload();
        assertThat(truncated.installed()).isFalse();
        assertThat(truncated.message()).contains("truncated").contains("keeping");
        assertThat(store.current().domainCount()).isEqualTo(100);

        Files.writeString(source, "not xml at all");
        assertThat(store.reload().installed()).isFalse();

        list(89); // drops 11 % of the domains
        ListeBlancheStore.Outcome shrunk = store.reload();
        assertThat(shrunk.installed()).isFalse();
        assertThat(shrunk.message()).contains("89 domains instead of 100");
        assertThat(store.lastOutcome()).isEqualTo(shrunk);
        assertThat(store.current().containsDomain("d95.mssante.fr")).isTrue();

        list(91); // drops 9 %: a normal day
        assertThat(store.reload().installed()).isTrue();
        assertThat(store.current().domainCount()).isEqualTo(91);

        list(50);
        assertThat(store.reload(true).installed()).as("an operator may accept a big change explicitly").isTrue();
    }

    @Test
    void restartWithoutSourceUsesTheLastGoodFile() throws Exception {
        Path source = list(20);
        Path lastGood = dir.resolve("last-good.xml");
        new ListeBlancheStore(ListeBlancheSource.file(source), lastGood, 0.10).start();
        Files.delete(source);
        ListeBlancheStore restarted = new ListeBlancheStore(ListeBlancheSource.file(source), lastGood, 0.10);
        ListeBlancheStore.Outcome outcome = restarted.start();
        assertThat(outcome.installed()).isFalse();
        assertThat(outcome.message()).contains("cannot fetch");
        assertThat(restarted.current().domainCount()).isEqualTo(20);
    }

    @Test
    void withoutAnyListEveryLookupFails() {
        ListeBlancheStore store = new ListeBlancheStore(ListeBlancheSource.file(dir.resolve("absent.xml")), null, 0.10);
        store.start();
        assertThat(store.current().containsDomain("d1.mssante.fr")).isFalse();
    }

    @Test
    void reloadsWithoutRestartWhenAWholeRegionMovesOperator() throws Exception {
        Map<String, List<String>> m = new LinkedHashMap<>();
        for (int i = 0; i < 30; i++) {
            m.put("d" + i + ".mssante.fr", List.of("CN=mx.ancien.fr,OU=318000000000100,O=ANCIEN,ST=Paris (75),C=FR"));
        }
        Path source = ListeBlancheWriter.write(dir.resolve("s.xml"), m, Instant.now());
        ListeBlancheStore store = new ListeBlancheStore(ListeBlancheSource.file(source), null, 0.10);
        store.start();
        m.replaceAll((k, v) -> List.of("CN=mx.nouveau.fr,OU=318000000000100,O=NOUVEAU,ST=Paris (75),C=FR"));
        ListeBlancheWriter.write(source, m, Instant.now());
        assertThat(store.reload().installed()).isTrue();
        assertThat(store.current().isListed("d3.mssante.fr",
                CanonicalDn.parse("CN=mx.nouveau.fr,OU=318000000000100,O=NOUVEAU,ST=Paris (75),C=FR"))).isTrue();
        assertThat(Files.readString(source, StandardCharsets.UTF_8)).contains("NOUVEAU");
    }
}
