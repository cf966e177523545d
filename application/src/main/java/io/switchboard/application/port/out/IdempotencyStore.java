package io.switchboard.application.port.out;

import io.switchboard.application.publish.PublishOutcome;

/**
 * Remembers server API requests by idempotency key (docs/api.md, "Idempotency"), across instances where the
 * implementation is shared: a repeated key within the store's window gets the first request's answer and publishes
 * nothing. Keys live in a scope (one per credential: an API key's name, an admin's user id), so two callers never
 * see each other's keys.
 *
 * <p>Use: {@link #claim}; on {@link Claim.Granted} do the work, then {@link #answer} with the result (or
 * {@link #release} when the work failed, so that a retry may do it); on {@link Claim.Answered} return the stored
 * answer; on {@link Claim.InProgress} another request with the same key is running.
 */
public interface IdempotencyStore {
    sealed interface Claim permits Claim.Granted, Claim.Answered, Claim.InProgress {
        /** The key was free: it is now held, in progress, for the store's window. */
        record Granted() implements Claim {
        }

        /** A request with this key finished within the window: its answer. */
        record Answered(PublishOutcome outcome) implements Claim {
        }

        /** A request with this key is still running (claimed, not answered yet). */
        record InProgress() implements Claim {
        }
    }

    /**
     * Holds {@code key} in {@code scope}, atomically: of two concurrent claims (on any instances) one is granted.
     *
     * @throws io.switchboard.domain.failure.ServiceUnavailable when the store cannot be reached
     */
    Claim claim(String scope, String key);

    /** Stores the answer of a granted claim; the entry keeps the window it got when claimed. */
    void answer(String scope, String key, PublishOutcome outcome);

    /** Frees a granted claim whose work failed, so that a retry with the same key may do it. */
    void release(String scope, String key);
}
