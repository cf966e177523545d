package io.switchboard.adapters.in.http;

import io.switchboard.application.port.in.history.ReadHistoryUseCase;
import io.switchboard.application.realtime.Publication;
import io.switchboard.application.view.Views;
import io.switchboard.domain.failure.InvalidInput;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code GET /api/history?topic=<exact>&since=<offset>&limit=<1..100>} (docs/history-and-recovery.md): a topic's kept
 * publications after an offset, for whoever may subscribe to the topic.
 */
final class HistoryRoutes {
    private final ReadHistoryUseCase history;

    HistoryRoutes(ReadHistoryUseCase history) {
        this.history = history;
    }

    void addTo(Router router) {
        router.add("GET", "/api/history", true, this::read);
    }

    private Reply read(HttpCall call) {
        String topic = call.query("topic");
        if (topic == null) {
            throw new InvalidInput("INVALID_QUERY", "query parameter 'topic' is required");
        }
        long since = longQuery(call, "since");
        int limit = call.intQuery("limit", ReadHistoryUseCase.DEFAULT_LIMIT);
        if (limit < 1 || limit > ReadHistoryUseCase.MAX_LIMIT) {
            throw new InvalidInput("INVALID_QUERY", "limit must be 1 to " + ReadHistoryUseCase.MAX_LIMIT);
        }
        ReadHistoryUseCase.Page page = history.read(new ReadHistoryUseCase.Query(call.caller(), topic, since, limit));
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("topic", page.topic());
        body.put("epoch", page.epoch());
        body.put("offset", page.offset());
        body.put("complete", page.complete());
        List<Object> publications = new ArrayList<>(page.publications().size());
        for (Publication p : page.publications()) {
            Map<String, Object> item = new LinkedHashMap<>();
            item.put("offset", p.position().offset());
            item.put("eventType", p.eventType());
            item.put("data", p.dataTree());
            item.put("timestamp", Views.iso(p.timestamp()));
            publications.add(item);
        }
        body.put("publications", publications);
        return Reply.ok(body);
    }

    private static long longQuery(HttpCall call, String name) {
        String text = call.query(name);
        if (text == null) {
            return 0;
        }
        try {
            long value = Long.parseLong(text);
            if (value < 0) {
                throw new NumberFormatException();
            }
            return value;
        } catch (NumberFormatException e) {
            throw new InvalidInput("INVALID_QUERY", "query parameter '" + name + "' must be a non-negative integer");
        }
    }
}
