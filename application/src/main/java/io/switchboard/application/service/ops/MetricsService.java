package io.switchboard.application.service.ops;

import io.switchboard.application.metrics.Scrape;
import io.switchboard.application.port.in.ops.ScrapeMetricsUseCase;
import io.switchboard.application.port.out.MetricsExposition;

import java.util.Objects;

/** GET /metrics: hands out the metrics adapter's rendering. */
public final class MetricsService implements ScrapeMetricsUseCase {
    private final MetricsExposition exposition;

    public MetricsService(MetricsExposition exposition) {
        this.exposition = Objects.requireNonNull(exposition);
    }

    @Override
    public Scrape scrape() {
        return exposition.scrape();
    }
}
