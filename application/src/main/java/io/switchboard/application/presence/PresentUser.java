package io.switchboard.application.presence;

import java.time.Instant;

/** A user present on a topic: since when, and their display name (null when unknown). */
public record PresentUser(String userId, String name, Instant since) {
}
