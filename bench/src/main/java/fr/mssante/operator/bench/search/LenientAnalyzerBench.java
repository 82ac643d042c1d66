package fr.mssante.operator.bench.search;

import java.io.IOException;
import java.io.Reader;
import java.io.StringReader;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import java.util.concurrent.TimeUnit;

import org.apache.james.mailbox.lucene.search.LenientImapSearchAnalyzer;
import org.apache.james.mailbox.lucene.search.UpperCaseFilter;
import org.apache.lucene.analysis.Analyzer;
import org.apache.lucene.analysis.ReusableAnalyzerBase;
import org.apache.lucene.analysis.TokenStream;
import org.apache.lucene.analysis.Tokenizer;
import org.apache.lucene.analysis.WhitespaceTokenizer;
import org.apache.lucene.analysis.shingle.ShingleFilter;
import org.apache.lucene.analysis.tokenattributes.CharTermAttribute;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;
import org.apache.lucene.util.Version;

import fr.mssante.operator.server.storage.ReusableLenientAnalyzer;

/**
 * The analysis of a message body by the search index, as James feeds it (one field per line, upper-cased): James's
 * lenient analyzer (Lucene's ShingleFilter, a new chain per line), the same chain reused (the server until run 19)
 * and ours (same tokens, checked by ReusableLenientAnalyzerTest).
 * Run: {@code java -cp bench/target/classes:$(cat bench/target/classpath.txt) org.openjdk.jmh.Main LenientAnalyzerBench}.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Fork(1)
@Warmup(iterations = 5, time = 2)
@Measurement(iterations = 5, time = 2)
public class LenientAnalyzerBench {
    private static final String[] WORDS = {"le", "patient", "a", "été", "hospitalisé", "du", "au", "pour", "une",
        "décompensation", "cardiaque", "traitement", "de", "sortie", "furosémide", "40", "mg", "compte", "rendu", "Dr",
        "MARTIN", "service", "cardiologie", "CHU", "consultation", "à", "3", "mois", "échographie", "FEVG", "45%"};

    @Param({"10240", "204800"})
    int bodyBytes;

    @Param({"james", "james-reused", "ours"})
    String analyzer;

    /** James's chain reused from field to field: what the server ran before UpperCaseShingles. */
    static final class JamesChainReused extends ReusableAnalyzerBase {
        @Override
        protected TokenStreamComponents createComponents(String fieldName, Reader reader) {
            Tokenizer words = new WhitespaceTokenizer(Version.LUCENE_31, reader);
            return new TokenStreamComponents(words, new ShingleFilter(new UpperCaseFilter(words), 2,
                LenientImapSearchAnalyzer.DEFAULT_MAX_TOKEN_LENGTH));
        }
    }

    private Analyzer chain;
    private List<String> lines;

    @Setup
    public void setUp() {
        chain = switch (analyzer) {
            case "james" -> new LenientImapSearchAnalyzer();
            case "james-reused" -> new JamesChainReused();
            default -> new ReusableLenientAnalyzer();
        };
        Random random = new Random(42);
        lines = new ArrayList<>();
        int size = 0;
        while (size < bodyBytes) {
            StringBuilder line = new StringBuilder();
            while (line.length() < 72) {
                line.append(WORDS[random.nextInt(WORDS.length)]).append(' ');
            }
            lines.add(line.toString().strip().toUpperCase(Locale.US));
            size += line.length() + 2;
        }
    }

    /** Every token of every line, as the index writer consumes them; returns a checksum so nothing is optimised away. */
    @Benchmark
    public long analyseBody() throws IOException {
        long checksum = 0;
        for (String line : lines) {
            TokenStream stream = chain.reusableTokenStream("body", new StringReader(line));
            CharTermAttribute term = stream.addAttribute(CharTermAttribute.class);
            stream.reset();
            while (stream.incrementToken()) {
                checksum += term.length();
            }
            stream.end();
            stream.close();
        }
        return checksum;
    }
}
