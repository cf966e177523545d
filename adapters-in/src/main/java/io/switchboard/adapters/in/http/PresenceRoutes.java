package io.switchboard.adapters.in.http;

import io.switchboard.application.presence.PresenceSnapshot;

import io.switchboard.application.port.in.presence.GetOnlineStatusUseCase;
import io.switchboard.application.port.in.presence.QueryPresenceUseCase;
import io.switchboard.application.view.Views;
import io.switchboard.domain.failure.InvalidInput;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** GET /api/presence and GET /api/users/online (docs/rooms-and-presence.md). */
final class PresenceRoutes {
    private final QueryPresenceUseCase presence;
    private final GetOnlineStatusUseCase online;

    PresenceRoutes(QueryPresenceUseCase presence, GetOnlineStatusUseCase online) {
        this.presence = presence;
        this.online = online;
    }

    /** Registered before the account routes, so that /api/users/online is not read as /api/users/{id}. */
    void addTo(Router router) {
        router.add("GET", "/api/presence", true, this::presence)
                .add("GET", "/api/users/online", true, this::online);
    }

    private Reply presence(HttpCall call) {
        String topic = call.query("topic");
        if (topic == null) {
            throw new InvalidInput("INVALID_QUERY", "topic is required");
        }
        int limit = call.intQuery("limit", QueryPresenceUseCase.DEFAULT_LIMIT);
        PresenceSnapshot snapshot = presence.presence(call.caller(), topic, limit);
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("topic", topic);
        List<Map<String, Object>> users = snapshot.users().stream().map(user -> {
            Map<String, Object> view = new LinkedHashMap<>();
            view.put("userId", user.userId());
            view.put("name", user.name());
            view.put("since", Views.iso(user.since()));
            return view;
        }).toList();
        body.put("users", users);
        body.put("total", snapshot.total());
        return Reply.ok(body);
    }

    private Reply online(HttpCall call) {
        String ids = call.query("ids");
        if (ids == null || ids.isBlank()) {
            throw new InvalidInput("INVALID_QUERY", "ids is required: up to " + GetOnlineStatusUseCase.MAX_IDS
                    + " comma-separated user ids");
        }
        List<String> list = Arrays.stream(ids.split(",")).map(String::trim).filter(s -> !s.isEmpty()).distinct()
                .toList();
        return Reply.ok(online.online(call.caller(), list).stream().map(status -> {
            Map<String, Object> view = new LinkedHashMap<>();
            view.put("userId", status.userId());
            view.put("online", status.online());
            view.put("lastSeenAt", Views.iso(status.lastSeenAt()));
            return view;
        }).toList());
    }
}
