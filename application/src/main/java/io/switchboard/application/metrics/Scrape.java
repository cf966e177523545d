package io.switchboard.application.metrics;

/**
 * One rendering of the counted metrics: the body and the content type to serve it with. Shared by the exposition
 * (an out-port) and the scrape use case (an in-port), so it lives in neither.
 */
public record Scrape(String contentType, byte[] body) {
}
