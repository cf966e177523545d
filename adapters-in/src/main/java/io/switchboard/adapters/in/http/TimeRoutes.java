package io.switchboard.adapters.in.http;

import io.switchboard.application.port.in.time.GetServerTimeUseCase;
import io.switchboard.application.view.Views;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

/** GET /api/time: the server clock, for clients computing their offset. No token needed. */
final class TimeRoutes {
    private final GetServerTimeUseCase time;

    TimeRoutes(GetServerTimeUseCase time) {
        this.time = time;
    }

    void addTo(Router router) {
        router.add("GET", "/api/time", false, call -> {
            Instant now = time.now();
            Map<String, Object> data = new LinkedHashMap<>();
            data.put("epochMs", now.toEpochMilli());
            data.put("iso", Views.iso(now));
            return Reply.ok(data);
        });
    }
}
