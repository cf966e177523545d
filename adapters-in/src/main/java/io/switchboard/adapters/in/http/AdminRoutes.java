package io.switchboard.adapters.in.http;

import io.switchboard.application.port.in.ops.InspectInstanceUseCase;
import io.switchboard.application.realtime.LiveConnection;
import io.switchboard.application.view.Views;
import io.switchboard.domain.common.PageRequest;
import io.switchboard.domain.failure.InvalidInput;
import io.switchboard.domain.failure.ValidationFailed;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The admin pages' pull APIs (docs/api.md, "Admin"): GET /api/admin/instance, /api/admin/instances,
 * /api/admin/connections and /api/admin/topics, paginated, admins only. All but /instances describe the instance
 * that answers; /instances lists every live one.
 */
final class AdminRoutes {
    private final InspectInstanceUseCase inspect;

    AdminRoutes(InspectInstanceUseCase inspect) {
        this.inspect = inspect;
    }

    void addTo(Router router) {
        router.add("GET", "/api/admin/instance", true, this::instance)
                .add("GET", "/api/admin/instances", true, this::instances)
                .add("GET", "/api/admin/connections", true, this::connections)
                .add("GET", "/api/admin/topics", true, this::topics);
    }

    private Reply instance(HttpCall call) {
        InspectInstanceUseCase.InstanceInfo info = inspect.instance(call.caller());
        Map<String, Object> data = new LinkedHashMap<>();
        data.put("instanceId", info.instanceId());
        data.put("startedAt", Views.iso(info.startedAt()));
        data.put("serverTime", Views.iso(info.now()));
        data.put("connections", info.connections());
        data.put("topicConnections", info.topicConnections());
        data.put("sessionConnections", info.sessionConnections());
        data.put("draining", info.draining());
        return Reply.ok(data);
    }

    private Reply instances(HttpCall call) {
        PageRequest page = page(call);
        return Reply.ok(Views.page(inspect.instances(call.caller(), page), i -> {
            Map<String, Object> view = new LinkedHashMap<>();
            view.put("instanceId", i.instanceId());
            view.put("startedAt", Views.iso(i.startedAt()));
            view.put("lastSeenAt", Views.iso(i.lastSeenAt()));
            view.put("connections", i.connections());
            view.put("topicConnections", i.topicConnections());
            view.put("sessionConnections", i.sessionConnections());
            view.put("draining", i.draining());
            view.put("self", i.self());
            return view;
        }));
    }

    private Reply connections(HttpCall call) {
        PageRequest page = page(call);
        String userId = call.query("userId");
        return Reply.ok(Views.page(inspect.connections(call.caller(), userId, page), AdminRoutes::connection));
    }

    private Reply topics(HttpCall call) {
        PageRequest page = page(call);
        String prefix = call.query("prefix");
        return Reply.ok(Views.page(inspect.topics(call.caller(), prefix, page), t -> {
            Map<String, Object> view = new LinkedHashMap<>();
            view.put("topic", t.topic());
            view.put("connections", t.connections());
            view.put("users", t.users());
            return view;
        }));
    }

    private static Map<String, Object> connection(LiveConnection c) {
        Map<String, Object> view = new LinkedHashMap<>();
        view.put("id", c.id());
        view.put("dialect", c.dialect());
        view.put("userId", c.userId());
        view.put("ip", c.ip());
        view.put("openedAt", Views.iso(c.openedAt()));
        view.put("subscriptions", c.subscriptions());
        return view;
    }

    private static PageRequest page(HttpCall call) {
        int page = call.intQuery("page", 1);
        int limit = call.intQuery("limit", PageRequest.DEFAULT_LIMIT);
        try {
            return new PageRequest(page, limit);
        } catch (ValidationFailed e) {
            throw new InvalidInput("INVALID_QUERY", e.getMessage());
        }
    }
}
