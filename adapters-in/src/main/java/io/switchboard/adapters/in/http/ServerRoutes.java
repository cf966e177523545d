package io.switchboard.adapters.in.http;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import io.switchboard.application.publish.SubscriberCount;
import io.switchboard.adapters.in.json.Json;
import io.switchboard.adapters.in.json.JsonObject;
import io.switchboard.application.port.in.publish.BroadcastUseCase;
import io.switchboard.application.port.in.publish.CountSubscribersUseCase;
import io.switchboard.application.port.in.publish.PublishUseCase;
import io.switchboard.application.publish.PublishOutcome;
import io.switchboard.application.realtime.RawJson;
import io.switchboard.domain.publish.ServerCaller;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The server API (docs/api.md, "Publishing from your backend"): POST /api/publish, POST /api/broadcast and
 * GET /api/topics/{topic}/subscribers, for admins and API keys. Log lines name the key, never its secret.
 */
final class ServerRoutes {
    private static final Logger log = LoggerFactory.getLogger("io.switchboard.http");

    private final PublishUseCase publish;
    private final BroadcastUseCase broadcast;
    private final CountSubscribersUseCase count;

    ServerRoutes(PublishUseCase publish, BroadcastUseCase broadcast, CountSubscribersUseCase count) {
        this.publish = publish;
        this.broadcast = broadcast;
        this.count = count;
    }

    void addTo(Router router) {
        router.addServerApi("POST", "/api/publish", this::publish)
                .addServerApi("POST", "/api/broadcast", this::broadcast)
                .addServerApi("GET", "/api/topics/{topic}/subscribers", this::count);
    }

    private Reply publish(HttpCall call) throws Exception {
        ServerCaller caller = call.serverCaller();
        JsonObject body = call.body();
        String topic = body.string("topic");
        String eventType = body.string("eventType");
        String key = body.string("idempotencyKey");
        RawJson data = data(body);
        body.check();
        PublishOutcome.TopicResult result = publish.publish(
                new PublishUseCase.Command(caller, topic, eventType, data, key));
        // Also for a repeated idempotency key, which publishes nothing: "answered", not "published".
        log.info("{} publish on {}: {} chars of data answered [{}]", caller.logName(), result.topic(), data.json().length(),
                call.requestId());
        return Reply.ok(view(result));
    }

    private Reply broadcast(HttpCall call) throws Exception {
        ServerCaller caller = call.serverCaller();
        JsonObject body = call.body();
        JsonNode array = body.array("topics");
        List<String> topics = null;
        if (array != null) {
            if (array.size() > BroadcastUseCase.MAX_TOPICS) {
                body.violations().add("topics", "must list 1 to " + BroadcastUseCase.MAX_TOPICS + " topics");
            } else {
                topics = new ArrayList<>(array.size());
                for (int i = 0; i < array.size(); i++) {
                    JsonNode element = array.get(i);
                    if (element.isTextual()) {
                        topics.add(element.textValue());
                    } else {
                        body.violations().add("topics[" + i + "]", "must be a string");
                    }
                }
            }
        }
        String eventType = body.string("eventType");
        String key = body.string("idempotencyKey");
        RawJson data = data(body);
        body.check();
        PublishOutcome outcome = broadcast.broadcast(new BroadcastUseCase.Command(caller, topics, eventType, data, key));
        long published = outcome.results().stream().filter(PublishOutcome.TopicResult::isPublished).count();
        log.info("{} broadcast on {} of {} topics: {} chars of data answered [{}]", caller.logName(), published,
                outcome.results().size(), data.json().length(), call.requestId());
        List<Object> results = new ArrayList<>(outcome.results().size());
        outcome.results().forEach(r -> results.add(view(r)));
        return Reply.ok(Map.of("results", results));
    }

    private Reply count(HttpCall call) {
        String topic = call.path("topic");
        SubscriberCount counts = count.count(call.serverCaller(), topic);
        Map<String, Object> data = new LinkedHashMap<>();
        data.put("topic", topic);
        data.put("connections", counts.connections());
        data.put("users", counts.users());
        return Reply.ok(data);
    }

    /** The data field, encoded once here (so its size is known and no publication serialises it again). */
    private static RawJson data(JsonObject body) throws JsonProcessingException {
        JsonNode data = body.node().get("data");
        if (data == null || data.isNull()) {
            return null;
        }
        byte[] bytes = Json.mapper().writeValueAsBytes(data);
        return new RawJson(new String(bytes, StandardCharsets.UTF_8));
    }

    private static Map<String, Object> view(PublishOutcome.TopicResult result) {
        Map<String, Object> view = new LinkedHashMap<>();
        view.put("topic", result.topic());
        if (result.position() != null) {
            view.put("offset", result.position().offset());
            view.put("epoch", result.position().epoch());
        }
        if (result.error() != null) {
            Map<String, Object> error = new LinkedHashMap<>();
            error.put("code", result.error().code().number());
            error.put("reason", result.error().reason());
            error.put("message", result.error().message());
            view.put("error", error);
        }
        return view;
    }
}
