package io.switchboard.bootstrap;

import io.switchboard.domain.failure.ServiceUnavailable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Reads the environment, starts Switchboard, and stops it cleanly on SIGTERM or SIGINT.
 *
 * <p>A JVM that runs its shutdown hooks because of SIGTERM exits with status 143 however cleanly they finish. So
 * TERM and INT get their own handler: it runs the orderly {@link App#close()} and then exits with 0 (or 1 if the
 * close failed). A watchdog halts the process with 1 if the close overruns SHUTDOWN_TIMEOUT_MS by
 * {@link #WATCHDOG_GRACE_MS}. The shutdown hook stays as a backstop for other exits (it closes the app, which does
 * nothing if the signal handler already did).
 */
public final class Main {
    /** How long past SHUTDOWN_TIMEOUT_MS the watchdog waits before it halts a stuck shutdown. */
    static final long WATCHDOG_GRACE_MS = 5_000;

    private Main() {
    }

    public static void main(String[] args) {
        Config config;
        try {
            config = Config.fromEnvironment();
        } catch (Config.InvalidConfig e) {
            System.err.println("switchboard: bad configuration: " + e.getMessage());
            System.exit(2);
            return;
        }
        // slf4j-simple reads its level once, when the first logger is made.
        System.setProperty("org.slf4j.simpleLogger.defaultLogLevel", config.logLevel());
        System.setProperty("org.slf4j.simpleLogger.showDateTime", "true");
        System.setProperty("org.slf4j.simpleLogger.dateTimeFormat", "yyyy-MM-dd'T'HH:mm:ss.SSSX");
        System.setProperty("org.slf4j.simpleLogger.log.org.eclipse.jetty", "warn");
        Logger log = LoggerFactory.getLogger(Main.class);
        App app;
        try {
            app = App.start(config);
        } catch (Config.InvalidConfig e) {
            log.error("bad configuration: {}", e.getMessage());
            System.exit(2);
            return;
        } catch (ServiceUnavailable e) {
            // An expected condition (e.g. Redis unreachable at start-up): one line, no stack trace.
            log.error("could not start: {}", e.getMessage());
            System.exit(1);
            return;
        } catch (Exception e) {
            log.error("could not start", e);
            System.exit(1);
            return;
        }
        Runtime.getRuntime().addShutdownHook(new Thread(() -> closeQuietly(app, log), "sb-shutdown-hook"));
        installSignalHandlers(app, config.shutdownTimeoutMs(), log);
    }

    private static void installSignalHandlers(App app, long timeoutMs, Logger log) {
        AtomicBoolean stopping = new AtomicBoolean();
        for (String name : new String[] {"TERM", "INT"}) {
            try {
                sun.misc.Signal.handle(new sun.misc.Signal(name), signal -> {
                    if (!stopping.compareAndSet(false, true)) {
                        log.info("SIG{} received while already shutting down; ignored", signal.getName());
                        return;
                    }
                    Thread stopper = new Thread(() -> stopAndExit(app, timeoutMs, "SIG" + signal.getName(), log),
                            "sb-shutdown");
                    // The signal thread is a daemon and so would be ours: then the JVM would exit as soon as Jetty's
                    // (non-daemon) threads stop, cutting the close short. A non-daemon thread keeps it alive to exit(0).
                    stopper.setDaemon(false);
                    stopper.start();
                });
            } catch (IllegalArgumentException e) {
                // The JVM keeps the signal (e.g. under -Xrs): the shutdown hook still closes, exiting with 143.
                log.warn("cannot handle SIG{} ({}); shutdown will still close cleanly via the shutdown hook", name,
                        e.getMessage());
            }
        }
    }

    private static void stopAndExit(App app, long timeoutMs, String why, Logger log) {
        Thread watchdog = new Thread(() -> {
            try {
                Thread.sleep(timeoutMs + WATCHDOG_GRACE_MS);
            } catch (InterruptedException e) {
                return;
            }
            log.error("shutdown did not finish within {} ms; halting", timeoutMs + WATCHDOG_GRACE_MS);
            Runtime.getRuntime().halt(1);
        }, "sb-shutdown-watchdog");
        watchdog.setDaemon(true);
        watchdog.start();
        log.info("{} received: shutting down within {} ms", why, timeoutMs);
        boolean clean = closeQuietly(app, log);
        System.exit(clean ? 0 : 1);
    }

    private static boolean closeQuietly(App app, Logger log) {
        try {
            app.close();
            return true;
        } catch (Exception e) {
            log.error("error while shutting down", e);
            return false;
        }
    }
}
