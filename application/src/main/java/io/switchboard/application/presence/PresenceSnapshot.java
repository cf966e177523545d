package io.switchboard.application.presence;

import java.util.List;

/** Who is present on a topic: at most the asked number of users, newest first, and how many there are. */
public record PresenceSnapshot(List<PresentUser> users, long total) {
    public PresenceSnapshot {
        users = List.copyOf(users);
    }
}
