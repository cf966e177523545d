package io.switchboard.application.port.out;

import io.switchboard.application.presence.PresenceSnapshot;
import io.switchboard.application.presence.PresentUser;
import io.switchboard.domain.topic.Topic;

import java.time.Instant;
import java.util.Collection;
import java.util.List;

/**
 * Who is present on which topic, across instances (docs/rooms-and-presence.md). An entry is one connection of one
 * user on one topic; a user is present while they have at least one entry. Entries expire at {@code expiresAt}
 * unless refreshed, so the entries of an instance that died disappear at the next {@link #sweep}.
 *
 * <p>Every operation is atomic per topic, and its answer says whether the <em>user</em> became present or absent,
 * so that exactly one caller, on whichever instance, announces each join and each leave.
 */
public interface PresenceStore {
    /**
     * Adds (or refreshes) a connection's entry.
     *
     * @param connection unique across instances, e.g. {@code <instanceId>/<n>}
     * @return whether the user became present, and how many users are present afterwards
     */
    Change add(Topic topic, String connection, String userId, String name, Instant now, Instant expiresAt);

    /**
     * Removes a connection's entry.
     *
     * @return whether the user became absent, and how many users were present before
     */
    Change remove(Topic topic, String connection);

    /** Moves the expiry of these connections' entries on {@code topic} to {@code expiresAt} (the instance's heartbeat). */
    void refresh(Topic topic, Collection<String> connections, Instant expiresAt);

    /**
     * Removes every entry that expired before {@code now}, on every topic, and says which users became absent; each
     * such leave is reported to exactly one caller across instances. At most {@code max} entries per call.
     */
    List<Left> sweep(Instant now, int max);

    /** The present users, newest first, at most {@code limit}; and how many there are. */
    PresenceSnapshot list(Topic topic, int limit);

    /** Records when a user was last seen online (their last connection closed). */
    void markSeen(String userId, Instant at);

    /** When a user was last seen online, if ever recorded. */
    java.util.Optional<Instant> lastSeen(String userId);

    /**
     * @param user  the user that joined or left, when {@code changed}
     * @param users how many users were present: after an add, before a remove
     */
    record Change(boolean changed, PresentUser user, long users) {
        public static final Change NONE = new Change(false, null, 0);
    }

    /** A user who became absent in a sweep, and how many users the topic had before. */
    record Left(Topic topic, PresentUser user, long usersBefore) {
    }

}
