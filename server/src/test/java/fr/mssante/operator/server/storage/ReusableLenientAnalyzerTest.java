package fr.mssante.operator.server.storage;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.StringReader;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import org.apache.james.mailbox.lucene.search.LenientImapSearchAnalyzer;
import org.apache.lucene.analysis.Analyzer;
import org.apache.lucene.analysis.TokenStream;
import org.apache.lucene.analysis.tokenattributes.CharTermAttribute;
import org.apache.lucene.analysis.tokenattributes.OffsetAttribute;
import org.apache.lucene.analysis.tokenattributes.PositionIncrementAttribute;
import org.apache.lucene.analysis.tokenattributes.TypeAttribute;
import org.junit.jupiter.api.Test;

/**
 * Our analyzer against James's own {@link LenientImapSearchAnalyzer} (Lucene's ShingleFilter) as the oracle: the same
 * terms, positions, offsets and types, token by token, or an index written by one would not be searched the same way by
 * the other.
 */
class ReusableLenientAnalyzerTest {
    static final String[] VOCABULARY = {"a", "Compte", "rendu", "RÉUNION", "de", "concertation", "pluridisciplinaire",
        "straße", "İstanbul", "ıi", "Ωμέγα", "Привет", "😀", "x".repeat(300), "CR-2026/11", "dpi@demo.mssante.test", "é"};
    static final String[] SEPARATORS = {" ", "  ", "\t", "\n", "\r\n", " \u00a0 "};

    final Analyzer ours = new ReusableLenientAnalyzer();
    final Analyzer james = new LenientImapSearchAnalyzer();

    @Test
    void theSameTokensAsJamesOnShortTexts() throws IOException {
        for (String text : List.of("", " ", "a", "a b", "a b c", "a b c d", "a b c d e f g", "  x   yy  ",
            "Objet : Compte rendu d'hospitalisation", "ligne 1\r\nligne 2\tcolonne", "x".repeat(600) + " fin")) {
            assertThat(tokens(ours, text)).as(text).isEqualTo(tokens(james, text));
        }
    }

    @Test
    void theSameTokensAsJamesOnRandomTextsOneFieldAfterTheOther() throws IOException {
        Random random = new Random(20261204);
        for (int i = 0; i < 2000; i++) {
            String text = randomText(random);
            assertThat(tokens(ours, text)).as(text).isEqualTo(tokens(james, text));
        }
    }

    private static String randomText(Random random) {
        StringBuilder text = new StringBuilder();
        if (random.nextBoolean()) {
            text.append(SEPARATORS[random.nextInt(SEPARATORS.length)]);
        }
        int words = random.nextInt(12);
        for (int w = 0; w < words; w++) {
            if (w > 0) {
                text.append(SEPARATORS[random.nextInt(SEPARATORS.length)]);
            }
            text.append(VOCABULARY[random.nextInt(VOCABULARY.length)]);
        }
        return text.toString();
    }

    /** Each token as term|position increment|offsets|type, then the final offset. */
    private static List<String> tokens(Analyzer analyzer, String text) throws IOException {
        TokenStream stream = analyzer.reusableTokenStream("body", new StringReader(text));
        CharTermAttribute term = stream.addAttribute(CharTermAttribute.class);
        PositionIncrementAttribute position = stream.addAttribute(PositionIncrementAttribute.class);
        OffsetAttribute offset = stream.addAttribute(OffsetAttribute.class);
        TypeAttribute type = stream.addAttribute(TypeAttribute.class);
        List<String> tokens = new ArrayList<>();
        stream.reset();
        while (stream.incrementToken()) {
            tokens.add(term + "|" + position.getPositionIncrement() + "|" + offset.startOffset() + "-"
                + offset.endOffset() + "|" + type.type());
        }
        stream.end();
        tokens.add("end " + offset.endOffset());
        stream.close();
        return tokens;
    }
}
