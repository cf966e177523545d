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
