package io.switchboard.bench;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** {@code scenario --key value --flag ...}: the first bare word is the scenario, the rest are options. */
final class Args {
    final String scenario;
    private final Map<String, String> options = new HashMap<>();

    private Args(String scenario) {
        this.scenario = scenario;
    }

    static Args parse(String[] argv) {
        String scenario = null;
        List<String> rest = new ArrayList<>(List.of(argv));
        Map<String, String> options = new HashMap<>();
        for (int i = 0; i < rest.size(); i++) {
            String a = rest.get(i);
            if (a.startsWith("--")) {
                String key = a.substring(2);
                String value = "true";
                int eq = key.indexOf('=');
                if (eq >= 0) {
                    value = key.substring(eq + 1);
                    key = key.substring(0, eq);
                } else if (i + 1 < rest.size() && !rest.get(i + 1).startsWith("--")) {
                    value = rest.get(++i);
                }
                options.put(key, value);
            } else if (scenario == null) {
                scenario = a;
            } else {
                throw new IllegalArgumentException("unexpected argument: " + a);
            }
        }
        Args args = new Args(scenario);
        args.options.putAll(options);
        return args;
    }

    String str(String key, String def) {
        return options.getOrDefault(key, def);
    }

    int integer(String key, int def) {
        String v = options.get(key);
        return v == null ? def : Integer.parseInt(v.replace("_", ""));
    }

    double dbl(String key, double def) {
        String v = options.get(key);
        return v == null ? def : Double.parseDouble(v);
    }

    boolean flag(String key) {
        return Boolean.parseBoolean(options.getOrDefault(key, "false"));
    }

    boolean has(String key) {
        return options.containsKey(key);
    }
}
