package io.switchboard.bootstrap;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Reads the environment, starts Switchboard, and stops it cleanly on SIGTERM. */
public final class Main {
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
        log.info("starting with {}", config.describe());
        try {
            App app = App.start(config);
            Runtime.getRuntime().addShutdownHook(new Thread(() -> {
                log.info("shutting down");
                try {
                    app.close();
                } catch (Exception e) {
                    log.error("error while shutting down", e);
                }
            }, "sb-shutdown"));
        } catch (Config.InvalidConfig e) {
            log.error("bad configuration: {}", e.getMessage());
            System.exit(2);
        } catch (Exception e) {
            log.error("could not start", e);
            System.exit(1);
        }
    }
}
