package fr.mssante.operator.trust.cli;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** Minimal command-line parsing: {@code --name value} options, {@code --flag} switches, positional arguments. */
final class Args {
    final List<String> positional = new ArrayList<>();
    private final Map<String, List<String>> options = new HashMap<>();

    static final class UsageException extends RuntimeException {
        UsageException(String message) {
            super(message);
        }
    }

    Args(String[] argv, int from, Set<String> withValue, Set<String> flags) {
        for (int i = from; i < argv.length; i++) {
            String a = argv[i];
            if (a.startsWith("--")) {
                if (flags.contains(a)) {
                    options.computeIfAbsent(a, k -> new ArrayList<>()).add("true");
                } else if (withValue.contains(a)) {
                    if (i + 1 >= argv.length) {
                        throw new UsageException("option " + a + " needs a value");
                    }
                    options.computeIfAbsent(a, k -> new ArrayList<>()).add(argv[++i]);
                } else {
                    throw new UsageException("unknown option " + a);
                }
            } else {
                positional.add(a);
            }
        }
    }

    String get(String name) {
        List<String> v = options.get(name);
        return v == null ? null : v.get(v.size() - 1);
    }

    String get(String name, String def) {
        String v = get(name);
        return v == null ? def : v;
    }

    String required(String name) {
        String v = get(name);
        if (v == null) {
            throw new UsageException("missing " + name);
        }
        return v;
    }

    List<String> all(String name) {
        return options.getOrDefault(name, List.of());
    }

    boolean has(String name) {
        return options.containsKey(name);
    }

    String positional(int index, String what) {
        if (positional.size() <= index) {
            throw new UsageException("missing " + what);
        }
        return positional.get(index);
    }
}
