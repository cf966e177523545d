package io.switchboard.domain.session;

import java.util.Locale;

/** pending -> running (start) -> paused (pause) -> running (resume); running|paused -> completed; running -> expired. */
public enum SyncStatus {
    PENDING,
    RUNNING,
    PAUSED,
    COMPLETED,
    EXPIRED;

    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static SyncStatus fromWireName(String wireName) {
        return SyncStatus.valueOf(wireName.toUpperCase(Locale.ROOT));
    }

    /** completed and expired are final: no operation leaves them. */
    public boolean isFinal() {
        return this == COMPLETED || this == EXPIRED;
    }
}
