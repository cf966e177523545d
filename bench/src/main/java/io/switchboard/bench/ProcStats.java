package io.switchboard.bench;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * CPU time and resident memory of a process from /proc (Linux), and of this process from its MXBean.
 * CPU times are in nanoseconds; /proc reports clock ticks (USER_HZ, 100 on Linux, so 10 ms resolution).
 */
final class ProcStats {
    private static final long NANOS_PER_TICK = 1_000_000_000L / 100;

    private ProcStats() {
    }

    /** utime + stime of {@code pid} in ns, or -1 when unreadable. */
    static long cpuNanos(long pid) {
        long[] us = userSystemNanos(pid);
        return us == null ? -1 : us[0] + us[1];
    }

    /**
     * {utime, stime} of {@code pid} in ns, or null when unreadable. The command name (field 2) is in parentheses and
     * may hold spaces, so fields are counted after the last ')': there field 3 (state) comes first; utime is field
     * 14 and stime field 15 (proc(5)).
     */
    static long[] userSystemNanos(long pid) {
        try {
            String stat = Files.readString(Path.of("/proc/" + pid + "/stat"));
            String[] f = stat.substring(stat.lastIndexOf(')') + 2).trim().split(" ");
            return new long[]{Long.parseLong(f[14 - 3]) * NANOS_PER_TICK, Long.parseLong(f[15 - 3]) * NANOS_PER_TICK};
        } catch (IOException | RuntimeException e) {
            return null;
        }
    }

    /** VmRSS of {@code pid} in bytes, or -1 when unreadable. */
    static long rssBytes(long pid) {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/" + pid + "/status"))) {
                if (line.startsWith("VmRSS:")) {
                    String kb = line.substring(6).trim().split("\\s+")[0];
                    return Long.parseLong(kb) * 1024;
                }
            }
        } catch (IOException | RuntimeException e) {
            return -1;
        }
        return -1;
    }

    /** This JVM's CPU time (all threads, GC included) in ns. */
    static long selfCpuNanos() {
        var os = ManagementFactory.getOperatingSystemMXBean();
        if (os instanceof com.sun.management.OperatingSystemMXBean sun) {
            return sun.getProcessCpuTime();
        }
        return cpuNanos(ProcessHandle.current().pid());
    }

    /** The 1-minute load average, from /proc/loadavg. */
    static double loadAverage() {
        try {
            return Double.parseDouble(Files.readString(Path.of("/proc/loadavg")).split(" ")[0]);
        } catch (IOException | RuntimeException e) {
            return -1;
        }
    }

    /** A CPU/RSS snapshot of the server (if its pid is known) and of this process. */
    record Snapshot(long nanoTime, long serverCpuNanos, long serverRssBytes, long selfCpuNanos, long selfSystemNanos) {
        static Snapshot take(long serverPid) {
            long[] self = userSystemNanos(ProcessHandle.current().pid());
            return new Snapshot(System.nanoTime(), serverPid > 0 ? cpuNanos(serverPid) : -1,
                    serverPid > 0 ? rssBytes(serverPid) : -1, ProcStats.selfCpuNanos(), self == null ? -1 : self[1]);
        }

        /** Percent of this process's CPU time spent in the kernel between {@code this} and {@code later}. */
        double selfSystemShare(Snapshot later) {
            return 100.0 * (later.selfSystemNanos - selfSystemNanos) / Math.max(1, later.selfCpuNanos - selfCpuNanos);
        }

        /** Percent of one core this process used between {@code this} and {@code later}. */
        double selfCorePercent(Snapshot later) {
            return 100.0 * (later.selfCpuNanos - selfCpuNanos) / (later.nanoTime - nanoTime);
        }

        double serverCorePercent(Snapshot later) {
            if (serverCpuNanos < 0 || later.serverCpuNanos < 0) {
                return -1;
            }
            return 100.0 * (later.serverCpuNanos - serverCpuNanos) / (later.nanoTime - nanoTime);
        }

        long serverCpuDelta(Snapshot later) {
            return serverCpuNanos < 0 || later.serverCpuNanos < 0 ? -1 : later.serverCpuNanos - serverCpuNanos;
        }
    }
}
