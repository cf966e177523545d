package io.switchboard.client;

import java.net.URI;
import java.net.http.HttpClient;
import java.time.Duration;
import java.util.concurrent.ScheduledExecutorService;

/** What every connection of one {@link SwitchboardClient} shares. */
record ClientContext(URI httpBase, URI wsBase, HttpClient http, ScheduledExecutorService scheduler,
                     TokenSource tokens, Backoff backoff, Duration requestTimeout, Duration connectTimeout) {
}
