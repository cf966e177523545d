package io.switchboard.application.port.in.ops;

import io.switchboard.application.port.out.MetricsExposition;

/** GET /metrics: everything counted so far, rendered for a scraper. */
public interface ScrapeMetricsUseCase {
    MetricsExposition.Scrape scrape();
}
