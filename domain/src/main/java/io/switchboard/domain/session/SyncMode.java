package io.switchboard.domain.session;

import io.switchboard.domain.failure.ValidationFailed;

import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/** How a session's clocks run (docs/sessions.md). Wire names are lower-case. */
public enum SyncMode {
    /** Each participant has its own countdown clock, with an optional increment per switch. */
    PER_PARTICIPANT,
    /** Each turn gets timePerCycleMs afresh. */
    PER_CYCLE,
    /** One countdown clock of totalTimeMs shared by everybody. */
    GLOBAL,
    /** One clock counting up from 0, expiring at maxTimeMs when that is set. */
    COUNT_UP,
    /** Participants with the same groupId share one countdown clock. */
    PER_GROUP;

    /** `per_participant`, `per_cycle`, ... */
    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** @throws ValidationFailed on field `syncMode` when the name is missing or unknown */
    public static SyncMode parse(String wireName) {
        for (SyncMode mode : values()) {
            if (mode.wireName().equals(wireName)) {
                return mode;
            }
        }
        throw ValidationFailed.of("syncMode", "must be one of " + wireNames());
    }

    static String wireNames() {
        return Arrays.stream(values()).map(SyncMode::wireName).collect(Collectors.joining(", "));
    }
}
