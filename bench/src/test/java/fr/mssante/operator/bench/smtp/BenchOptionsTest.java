package fr.mssante.operator.bench.smtp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;

import fr.mssante.operator.bench.interop.InteropBench;
import fr.mssante.operator.bench.smtp.BenchOptions.Kind;

class BenchOptionsTest {
    static final Map<String, Kind> KNOWN = Map.of("work", Kind.TEXT, "warm-up", Kind.INTEGER, "sizes", Kind.INTEGERS);

    @Test
    void readsTheDeclaredOptionsWithTheirDefaults() {
        BenchOptions options = BenchOptions.parse(new String[] {"--work", "/tmp/w", "--sizes", "10240, 204800"}, KNOWN);

        assertThat(options.required("work")).isEqualTo("/tmp/w");
        assertThat(options.integers("sizes", "1")).containsExactly(10240, 204800);
        assertThat(options.integer("warm-up", 20_000)).isEqualTo(20_000);
    }

    @Test
    void aMistypedOptionStopsTheRunAndNamesTheKnownOnes() {
        assertThatThrownBy(() -> BenchOptions.parse(new String[] {"--warmup", "100"}, KNOWN))
            .isInstanceOf(IllegalArgumentException.class)
            .hasMessage("Unknown option --warmup; known: --sizes, --warm-up, --work");
    }

    @Test
    void aValueThatIsNotANumberStopsTheRunBeforeItStarts() {
        assertThatThrownBy(() -> BenchOptions.parse(new String[] {"--warm-up", "20k"}, KNOWN))
            .hasMessage("--warm-up must be an integer, got '20k'");
        assertThatThrownBy(() -> BenchOptions.parse(new String[] {"--sizes", "10240,200KB"}, KNOWN))
            .hasMessage("--sizes must be comma-separated integers, got '10240,200KB'");
    }

    @Test
    void aLaterValueReplacesAnEarlierOneAsTheRunScriptsExpect() {
        BenchOptions options = BenchOptions.parse(new String[] {"--warm-up", "20000", "--warm-up", "2000"}, KNOWN);

        assertThat(options.integer("warm-up", 1)).isEqualTo(2000);
    }

    @Test
    void pairsAndRequiredValuesAreChecked() {
        assertThatThrownBy(() -> BenchOptions.parse(new String[] {"--work"}, KNOWN))
            .hasMessageStartingWith("Expected --name value pairs");
        assertThatThrownBy(() -> BenchOptions.parse(new String[0], KNOWN).required("work"))
            .hasMessage("Missing option --work");
    }

    @Test
    void readingAnUndeclaredOptionIsAHarnessBug() {
        BenchOptions options = BenchOptions.parse(new String[0], KNOWN);

        assertThatThrownBy(() -> options.integer("repeat", 2)).isInstanceOf(IllegalStateException.class);
        assertThatThrownBy(() -> options.integer("work", 2)).isInstanceOf(IllegalStateException.class)
            .hasMessage("the harness reads --work as INTEGER but declares it as TEXT");
    }

    @Test
    void everyOptionTheRunScriptsPassIsKnownToTheirHarness() throws IOException {
        assertThat(optionsIn(Path.of("run-server-bench.sh"))).isNotEmpty().allSatisfy(name ->
            assertThat(SmtpLoad.OPTIONS).as("SmtpLoad option --" + name).containsKey(name));
        assertThat(optionsIn(Path.of("run-interop-bench.sh"))).isNotEmpty().allSatisfy(name ->
            assertThat(InteropBench.OPTIONS).as("InteropBench option --" + name).containsKey(name));
    }

    /** The {@code --name} words of a script's java command line (its comment lines are examples, also checked). */
    private static java.util.Set<String> optionsIn(Path script) throws IOException {
        Matcher option = Pattern.compile("(?<![\\w-])--([a-z][a-z-]*)").matcher(Files.readString(script));
        java.util.Set<String> names = new java.util.TreeSet<>();
        while (option.find()) {
            names.add(option.group(1));
        }
        return names;
    }
}
