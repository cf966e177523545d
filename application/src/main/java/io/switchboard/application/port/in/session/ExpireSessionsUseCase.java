package io.switchboard.application.port.in.session;

import java.time.Instant;
import java.util.Optional;

/**
 * What the server does on its own, on time: expire running clocks that reached zero and remove sessions whose
 * time is over (docs/sessions.md). A timer (the expiry scheduler) drives it; every instance may, because each
 * change is a compare-and-set and each removal is atomic, so two instances never apply one twice.
 */
public interface ExpireSessionsUseCase {
    /** Expires every session whose clock has run out by now; returns how many this call changed. */
    int expireDue();

    /**
     * Removes the sessions whose time to live (or maximum lifetime) has ended, announcing each removal as a
     * deletion; returns how many.
     */
    int purgeIdle();

    /** The earliest deadline known to the store: when {@link #expireDue()} next has work. */
    Optional<Instant> nextDeadline();
}
