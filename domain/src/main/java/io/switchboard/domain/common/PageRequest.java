package io.switchboard.domain.common;

import io.switchboard.domain.failure.Violations;

/** Which page of a list a client asks for: page >= 1, limit 1..100 (docs/api.md). */
public record PageRequest(int page, int limit) {
    public static final int DEFAULT_LIMIT = 20;
    public static final int MAX_LIMIT = 100;

    public PageRequest {
        Violations v = new Violations();
        v.check(page >= 1, "page", "must be 1 or more");
        v.check(limit >= 1 && limit <= MAX_LIMIT, "limit", "must be between 1 and " + MAX_LIMIT);
        v.throwIfAny();
    }

    public long offset() {
        return Page.offset(page, limit);
    }
}
