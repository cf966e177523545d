package io.switchboard.application.port.out;

/**
 * What the server counts, by bounded labels only (route templates, frame types, reasons; never a user id,
 * topic or raw path). Every method has a no-op default so a test can implement just what it checks.
 */
public interface Metrics {
    Metrics NONE = new Metrics() {
    };

    default void httpRequest(String method, String route, int status, long nanos) {
    }

    /** A request refused by a protective bound; reason: `body_timeout`, `body_memory`, `password_hashing_busy`. */
    default void httpRefused(String reason) {
    }

    /** Clients the HTTP rate limiter forgot because its table was full. */
    default void httpRateLimitEvicted(long clients) {
    }

    /** dialect: `topic` or `session`. */
    default void wsOpened(String dialect) {
    }

    default void wsClosed(String dialect, int closeCode) {
    }

    default void wsFrameIn(String type) {
    }

    default void wsFrameOut(String type) {
    }

    /** reason: `slow_consumer`, `rate_limit`, `size`, ... */
    default void wsDropped(String reason) {
    }

    default void published(String eventType) {
    }

    default void delivered(int subscribers) {
    }

    /** op: create, start, switch, ...; result: ok or the failure's reason. */
    default void sessionOperation(String op, String result, long nanos) {
    }

    default void sessionExpired(String action) {
    }
}
