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
        try {
            String stat = Files.readString(Path.of("/proc/" + pid + "/stat"));
            // The command name (field 2) is in parentheses and may hold spaces: parse after the last ')'.
            String[] f = stat.substring(stat.lastIndexOf(')') + 2).trim().split(" ");
            // After the ')' the fields start at field 3 (state); utime is field 14, stime field 15.
            long utime = Long.parseLong(f[14 - 3]);
            long stime = Long.parseLong(f[15 - 3]);
            return (utime + stime) * NANOS_PER_TICK;
        } catch (IOException | RuntimeException e) {
            return -1;
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
    record Snapshot(long nanoTime, long serverCpuNanos, long serverRssBytes, long selfCpuNanos) {
        static Snapshot take(long serverPid) {
            return new Snapshot(System.nanoTime(), serverPid > 0 ? cpuNanos(serverPid) : -1,
                    serverPid > 0 ? rssBytes(serverPid) : -1, ProcStats.selfCpuNanos());
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
