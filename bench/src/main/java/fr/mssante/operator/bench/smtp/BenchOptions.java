package fr.mssante.operator.bench.smtp;

import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;
import java.util.TreeSet;

/**
 * {@code --name value} options of the load harnesses. Each harness declares the options it knows and their kind, and
 * every given option is checked when the arguments are parsed: a mistyped name ({@code --warmup} for
 * {@code --warm-up}) or a value that is not a number stops the run before it starts, instead of measuring silently
 * with a default or failing an hour in. An option given again replaces the earlier value (the run scripts pass their
 * defaults first, then the caller's options).
 */
public final class BenchOptions {
    /** What a value must be. */
    public enum Kind {
        TEXT, INTEGER, INTEGERS
    }

    private final Map<String, String> values;
    private final Map<String, Kind> known;

    private BenchOptions(Map<String, String> values, Map<String, Kind> known) {
        this.values = values;
        this.known = known;
    }

    public static BenchOptions parse(String[] args, Map<String, Kind> known) {
        Map<String, String> values = new HashMap<>();
        for (int i = 0; i < args.length; i += 2) {
            if (!args[i].startsWith("--") || i + 1 >= args.length) {
                throw new IllegalArgumentException("Expected --name value pairs, got: " + String.join(" ", args));
            }
            String name = args[i].substring(2);
            Kind kind = known.get(name);
            if (kind == null) {
                throw new IllegalArgumentException("Unknown option --" + name + "; known: --"
                    + String.join(", --", new TreeSet<>(known.keySet())));
            }
            check(name, kind, args[i + 1]);
            values.put(name, args[i + 1]);
        }
        return new BenchOptions(values, known);
    }

    public String required(String name) {
        String value = value(name, Kind.TEXT);
        if (value == null || value.isBlank()) {
            throw new IllegalArgumentException("Missing option --" + name);
        }
        return value;
    }

    public String option(String name, String fallback) {
        String value = value(name, Kind.TEXT);
        return value == null ? fallback : value;
    }

    public int integer(String name, int fallback) {
        String value = value(name, Kind.INTEGER);
        return value == null ? fallback : Integer.parseInt(value.trim());
    }

    /** A comma-separated list of integers ({@code --sizes 10240,204800}). */
    public int[] integers(String name, String fallback) {
        String value = value(name, Kind.INTEGERS);
        return toIntegers(value == null ? fallback : value);
    }

    private String value(String name, Kind kind) {
        if (known.get(name) != kind) {
            throw new IllegalStateException("the harness reads --" + name + " as " + kind + " but declares it as "
                + known.get(name));
        }
        return values.get(name);
    }

    private static void check(String name, Kind kind, String value) {
        try {
            switch (kind) {
                case INTEGER -> Integer.parseInt(value.trim());
                case INTEGERS -> toIntegers(value);
                case TEXT -> {
                }
            }
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("--" + name + " must be "
                + (kind == Kind.INTEGER ? "an integer" : "comma-separated integers") + ", got '" + value + "'", e);
        }
    }

    private static int[] toIntegers(String value) {
        return Arrays.stream(value.split(",")).map(String::trim).mapToInt(Integer::parseInt).toArray();
    }
}
