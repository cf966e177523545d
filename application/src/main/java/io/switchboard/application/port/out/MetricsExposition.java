package io.switchboard.application.port.out;

import io.switchboard.application.metrics.Scrape;

/** The counted metrics, rendered for a scraper (Prometheus text format in production). */
public interface MetricsExposition {
    MetricsExposition NONE = () -> new Scrape("text/plain; version=0.0.4; charset=utf-8", new byte[0]);

    Scrape scrape();
}
