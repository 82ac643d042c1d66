package fr.mssante.operator.server.storage;

import java.io.IOException;

import org.apache.lucene.analysis.TokenFilter;
import org.apache.lucene.analysis.TokenStream;
import org.apache.lucene.analysis.tokenattributes.CharTermAttribute;
import org.apache.lucene.analysis.tokenattributes.OffsetAttribute;
import org.apache.lucene.analysis.tokenattributes.PositionIncrementAttribute;
import org.apache.lucene.analysis.tokenattributes.TypeAttribute;

/**
 * The tokens of James's lenient chain after its tokenizer, {@code ShingleFilter(UpperCaseFilter(words), 2, max)}: each
 * word upper-cased, followed by the shingles that start with it ("A", "A B", "A B C", ...), with the same positions,
 * offsets and types. Lucene's ShingleFilter clones the whole attribute state of every word it looks ahead to, which
 * was a third of the server's CPU per 200 KB message; here the window holds the words' characters only.
 * <p>
 * Written for a tokenizer without position gaps (James's whitespace tokenizer): the shingles of a stream with gaps
 * would differ from Lucene's, which fills them with "_".
 */
final class UpperCaseShingles extends TokenFilter {
    private static final String WORD = "word";
    private static final String SHINGLE = "shingle";

    private final int maxShingle;
    private final CharTermAttribute term = addAttribute(CharTermAttribute.class);
    private final OffsetAttribute offset = addAttribute(OffsetAttribute.class);
    private final PositionIncrementAttribute position = addAttribute(PositionIncrementAttribute.class);
    private final TypeAttribute type = addAttribute(TypeAttribute.class);
    private final char[][] words;
    private final int[] lengths;
    private final int[] starts;
    private final int[] ends;
    private int head;
    private int count;
    private int nextSize;
    private boolean exhausted;

    UpperCaseShingles(TokenStream words, int maxShingle) {
        super(words);
        this.maxShingle = maxShingle;
        this.words = new char[maxShingle][16];
        this.lengths = new int[maxShingle];
        this.starts = new int[maxShingle];
        this.ends = new int[maxShingle];
    }

    @Override
    public boolean incrementToken() throws IOException {
        if (nextSize == 0 || nextSize > count) {
            if (nextSize > 0) {
                head = (head + 1) % maxShingle; // every n-gram of the head word was given
                count--;
                nextSize = 0;
            }
            fill();
            if (count == 0) {
                return false;
            }
            nextSize = 1;
        }
        clearAttributes();
        int first = head;
        int last = (head + nextSize - 1) % maxShingle;
        int length = nextSize - 1;
        for (int i = 0; i < nextSize; i++) {
            length += lengths[(head + i) % maxShingle];
        }
        char[] out = term.resizeBuffer(length);
        int at = 0;
        for (int i = 0; i < nextSize; i++) {
            int word = (head + i) % maxShingle;
            if (i > 0) {
                out[at++] = ' ';
            }
            System.arraycopy(words[word], 0, out, at, lengths[word]);
            at += lengths[word];
        }
        term.setLength(length);
        offset.setOffset(starts[first], ends[last]);
        position.setPositionIncrement(nextSize == 1 ? 1 : 0);
        type.setType(nextSize == 1 ? WORD : SHINGLE);
        nextSize++;
        return true;
    }

    /** Reads words until the window is full or the input ends. */
    private void fill() throws IOException {
        while (count < maxShingle && !exhausted) {
            if (!input.incrementToken()) {
                exhausted = true;
                return;
            }
            int slot = (head + count) % maxShingle;
            int length = term.length();
            if (words[slot].length < length) {
                words[slot] = new char[Math.max(length, words[slot].length * 2)];
            }
            char[] source = term.buffer();
            char[] target = words[slot];
            for (int i = 0; i < length; i++) {
                char c = source[i];
                target[i] = c < 128 ? (c >= 'a' && c <= 'z' ? (char) (c - 32) : c) : Character.toUpperCase(c);
            }
            lengths[slot] = length;
            starts[slot] = offset.startOffset();
            ends[slot] = offset.endOffset();
            count++;
        }
    }

    @Override
    public void reset() throws IOException {
        super.reset();
        head = 0;
        count = 0;
        nextSize = 0;
        exhausted = false;
    }
}
