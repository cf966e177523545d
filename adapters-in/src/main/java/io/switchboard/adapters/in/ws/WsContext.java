package io.switchboard.adapters.in.ws;

import io.switchboard.application.port.out.Metrics;

import java.time.Instant;
import java.util.function.Supplier;

/** What every connection needs from the endpoint: its limits, the registry, metrics and the server clock. */
record WsContext(WsSettings settings, WsRegistry registry, Metrics metrics, Supplier<Instant> clock) {
}
