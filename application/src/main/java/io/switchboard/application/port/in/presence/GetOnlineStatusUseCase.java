package io.switchboard.application.port.in.presence;

import io.switchboard.domain.user.Caller;

import java.time.Instant;
import java.util.List;

/** GET /api/users/online?ids=...: whether each user has an authenticated WebSocket anywhere, and when last seen. */
public interface GetOnlineStatusUseCase {
    int MAX_IDS = 100;

    /** @param userIds 1..{@link #MAX_IDS} ids (code 2 otherwise), each a valid user id */
    List<Status> online(Caller caller, List<String> userIds);

    /** @param lastSeenAt now when online; the last disconnect when offline; null when never seen */
    record Status(String userId, boolean online, Instant lastSeenAt) {
    }
}
