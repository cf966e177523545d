package io.switchboard.client;

import java.time.Instant;
import java.util.List;

/** Who is present on a topic: {@code {type:"presence", topic, users:[{userId, name, since}], total}}. */
public record Presence(String topic, List<User> users, long total) {
    public record User(String userId, String name, Instant since) {
    }
}
