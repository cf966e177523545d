package io.switchboard.domain.session;

import io.switchboard.domain.failure.ValidationFailed;

import java.util.Locale;

/** What happens when a running clock reaches zero (or maxTimeMs). */
public enum ActionOnTimeout {
    /** The session's status becomes expired. */
    END_SESSION,
    /** The clock's participants are marked expired and the next non-expired one is activated (none left: expired). */
    SKIP,
    /** The clock's participants are marked expired and the turn goes on, without a further deadline. */
    CONTINUE;

    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** @throws ValidationFailed on field `actionOnTimeout` when the name is unknown */
    public static ActionOnTimeout parse(String wireName) {
        for (ActionOnTimeout action : values()) {
            if (action.wireName().equals(wireName)) {
                return action;
            }
        }
        throw ValidationFailed.of("actionOnTimeout", "must be one of end_session, skip, continue");
    }
}
