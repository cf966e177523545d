package io.switchboard.application.port.in.ops;

import io.switchboard.application.metrics.Scrape;

/** GET /metrics: everything counted so far, rendered for a scraper. */
public interface ScrapeMetricsUseCase {
    Scrape scrape();
}
