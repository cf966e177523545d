package io.switchboard.application.port.out;

/** The counted metrics, rendered for a scraper (Prometheus text format in production). */
public interface MetricsExposition {
    MetricsExposition NONE = () -> new Scrape("text/plain; version=0.0.4; charset=utf-8", new byte[0]);

    Scrape scrape();

    /** One rendering: the body and the content type to serve it with. */
    record Scrape(String contentType, byte[] body) {
    }
}
