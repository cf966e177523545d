package io.switchboard.domain.failure;

import java.util.Map;

/** A write that named a version other than the stored one. */
public final class VersionConflict extends Conflict {
    private static final long serialVersionUID = 1L;

    private final long expectedVersion;
    private final long actualVersion;

    public VersionConflict(long expectedVersion, long actualVersion) {
        super("VERSION_CONFLICT",
                "expected version " + expectedVersion + " but the current version is " + actualVersion,
                Map.of("expectedVersion", expectedVersion, "actualVersion", actualVersion));
        this.expectedVersion = expectedVersion;
        this.actualVersion = actualVersion;
    }

    public long expectedVersion() {
        return expectedVersion;
    }

    public long actualVersion() {
        return actualVersion;
    }
}
