package io.switchboard.domain.session;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * What one call of {@link SessionTransitions} did to a session: zero or more steps, each one version later than the
 * one before. More than one step happens when a clock had already run out (TIME_EXPIRED steps come first).
 * A store writes {@link #after()} in one compare-and-set from {@code before().version()}; a publisher announces
 * every step in order.
 */
public record SessionChange(SessionState before, List<SessionStep> steps) {
    public SessionChange {
        Objects.requireNonNull(before, "before");
        steps = List.copyOf(steps);
    }

    public static SessionChange none(SessionState state) {
        return new SessionChange(state, List.of());
    }

    public boolean isEmpty() {
        return steps.isEmpty();
    }

    public SessionState after() {
        return steps.isEmpty() ? before : steps.get(steps.size() - 1).state();
    }

    SessionChange then(SessionStep step) {
        List<SessionStep> more = new ArrayList<>(steps);
        more.add(step);
        return new SessionChange(before, more);
    }
}
