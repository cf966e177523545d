package io.switchboard.adapters.in.json;

import io.switchboard.domain.failure.ErrorCode;
import io.switchboard.domain.failure.Failure;

import java.util.LinkedHashMap;
import java.util.Map;

/** The REST envelopes of docs/api.md, also used for refused WebSocket upgrades. */
public final class Envelopes {
    private Envelopes() {
    }

    public static Map<String, Object> success(Object data, String timestamp) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("success", true);
        body.put("data", data);
        body.put("timestamp", timestamp);
        return body;
    }

    public static Map<String, Object> error(Failure failure, String timestamp) {
        return error(failure.code(), failure.reason(), failure.getMessage(), failure.details(), timestamp);
    }

    public static Map<String, Object> error(ErrorCode code, String reason, String message, Map<String, Object> details,
                                            String timestamp) {
        Map<String, Object> error = new LinkedHashMap<>();
        error.put("code", code.number());
        error.put("reason", reason);
        error.put("message", message);
        if (details != null && !details.isEmpty()) {
            error.put("details", details);
        }
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("success", false);
        body.put("error", error);
        body.put("timestamp", timestamp);
        return body;
    }
}
