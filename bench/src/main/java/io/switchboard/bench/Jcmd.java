package io.switchboard.bench;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The server's heap through {@code jcmd} (same user, same machine): no diagnostic endpoint is needed in the
 * server. GC.run asks for a full GC; GC.heap_info then reports the used heap, which is then close to the live heap.
 */
final class Jcmd {
    private static final Pattern USED = Pattern.compile("total (\\d+)K, used (\\d+)K");

    private Jcmd() {
    }

    static String run(long pid, String... command) {
        try {
            List<String> cmd = new java.util.ArrayList<>(List.of("jcmd", Long.toString(pid)));
            cmd.addAll(List.of(command));
            Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
            byte[] out = p.getInputStream().readAllBytes();
            if (!p.waitFor(60, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                throw new IllegalStateException("jcmd timed out");
            }
            return new String(out, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new IllegalStateException("jcmd failed: " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** Used heap in bytes after a full GC (two, so that objects with finalizers or reference queues go too). */
    static long liveHeapBytes(long pid) {
        run(pid, "GC.run");
        run(pid, "GC.run");
        return usedHeapBytes(run(pid, "GC.heap_info"));
    }

    static long usedHeapBytes(String heapInfo) {
        Matcher m = USED.matcher(heapInfo);
        if (!m.find()) {
            throw new IllegalStateException("unexpected GC.heap_info output: " + heapInfo);
        }
        return Long.parseLong(m.group(2)) * 1024;
    }

    /** Live instances of a class (GC.class_histogram runs a full GC first), 0 when none. */
    static long instances(long pid, String className) {
        return instancesIn(run(pid, "GC.class_histogram"), className);
    }

    /** class name -> {instances, bytes} of a GC.class_histogram output. */
    static java.util.Map<String, long[]> histogram(String histogram) {
        java.util.Map<String, long[]> m = new java.util.HashMap<>();
        for (String line : histogram.split("\n")) {
            String[] f = line.trim().split("\\s+");
            if (f.length >= 4 && f[0].endsWith(":")) {
                m.put(f[3], new long[]{Long.parseLong(f[1]), Long.parseLong(f[2])});
            }
        }
        return m;
    }

    /** The {@code top} classes whose bytes grew most from {@code before} to {@code after}, per {@code per} units. */
    static String growth(String before, String after, long per, int top) {
        java.util.Map<String, long[]> b = histogram(before);
        java.util.Map<String, long[]> a = histogram(after);
        StringBuilder sb = new StringBuilder();
        a.entrySet().stream()
                .sorted((x, y) -> Long.compare(y.getValue()[1] - b.getOrDefault(y.getKey(), new long[2])[1],
                        x.getValue()[1] - b.getOrDefault(x.getKey(), new long[2])[1]))
                .limit(top)
                .forEach(e -> {
                    long[] was = b.getOrDefault(e.getKey(), new long[2]);
                    sb.append(String.format("%10.1f B %8.2f objs  %s%n", (e.getValue()[1] - was[1]) / (double) per,
                            (e.getValue()[0] - was[0]) / (double) per, e.getKey()));
                });
        return sb.toString();
    }

    static long instancesIn(String histogram, String className) {
        for (String line : histogram.split("\n")) {
            String[] f = line.trim().split("\\s+");
            // "  12:   345   6789  io.switchboard.X (unnamed module ...)"
            if (f.length >= 4 && f[3].equals(className)) {
                return Long.parseLong(f[1]);
            }
        }
        return 0;
    }
}
