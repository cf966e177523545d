package io.switchboard.adapters.out.redis;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.lettuce.core.SetArgs;
import io.switchboard.application.port.out.IdempotencyStore;
import io.switchboard.application.publish.PublishOutcome;
import io.switchboard.application.publish.PublishOutcome.TopicError;
import io.switchboard.application.publish.PublishOutcome.TopicResult;
import io.switchboard.application.realtime.StreamPosition;
import io.switchboard.domain.failure.ErrorCode;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * Idempotency keys shared by every instance: one Redis string per key, {@code <prefix>idem:<scope>:<key>}, so every
 * command touches one key (one hash slot). A claim is {@code SET key "" NX PX <window>} (of two concurrent claims
 * Redis grants one); the answer replaces the empty value with its JSON, keeping the TTL ({@code SET XX KEEPTTL});
 * a release deletes the key. An empty value means "in progress".
 */
final class RedisIdempotencyStore implements IdempotencyStore {
    private static final ObjectMapper JSON = JsonMapper.builder().build();
    private static final String IN_PROGRESS = "";

    private final RedisConnection redis;
    private final RedisKeys keys;
    private final long windowMs;

    RedisIdempotencyStore(RedisConnection redis, RedisKeys keys, Duration window) {
        if (window.toMillis() < 1) {
            throw new IllegalArgumentException("a positive window");
        }
        this.redis = redis;
        this.keys = keys;
        this.windowMs = window.toMillis();
    }

    @Override
    public Claim claim(String scope, String key) {
        String id = keys.idempotency(scope, key);
        for (int attempt = 0; attempt < 3; attempt++) {
            String set = redis.call(r -> r.set(id, IN_PROGRESS, SetArgs.Builder.nx().px(windowMs)));
            if ("OK".equals(set)) {
                return new Claim.Granted();
            }
            String stored = redis.call(r -> r.get(id));
            if (stored == null) {
                continue; // it expired between the two commands: claim again
            }
            return stored.isEmpty() ? new Claim.InProgress() : new Claim.Answered(decode(stored));
        }
        return new Claim.InProgress(); // expiring and reclaimed by others over and over: behave as busy
    }

    @Override
    public void answer(String scope, String key, PublishOutcome outcome) {
        String id = keys.idempotency(scope, key);
        String value = encode(outcome);
        redis.write(id, r -> r.set(id, value, new SetArgs().xx().keepttl()));
    }

    @Override
    public void release(String scope, String key) {
        String id = keys.idempotency(scope, key);
        redis.call(r -> r.del(id));
    }

    static String encode(PublishOutcome outcome) {
        ObjectNode root = JSON.createObjectNode();
        ArrayNode results = root.putArray("results");
        for (TopicResult result : outcome.results()) {
            ObjectNode r = results.addObject();
            r.put("topic", result.topic());
            if (result.position() != null) {
                r.put("offset", result.position().offset());
                r.put("epoch", result.position().epoch());
            }
            if (result.error() != null) {
                ObjectNode e = r.putObject("error");
                e.put("code", result.error().code().name());
                e.put("reason", result.error().reason());
                e.put("message", result.error().message());
            }
        }
        return root.toString();
    }

    static PublishOutcome decode(String stored) {
        JsonNode root;
        try {
            root = JSON.readTree(stored);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("an idempotency entry is not JSON", e);
        }
        List<TopicResult> results = new ArrayList<>();
        for (JsonNode r : root.path("results")) {
            JsonNode e = r.get("error");
            TopicError error = e == null ? null : new TopicError(ErrorCode.valueOf(e.path("code").asText()),
                    e.path("reason").asText(), e.path("message").asText());
            StreamPosition position = r.hasNonNull("epoch")
                    ? new StreamPosition(r.path("offset").asLong(), r.path("epoch").asText()) : null;
            results.add(new TopicResult(r.path("topic").asText(), error, position));
        }
        return new PublishOutcome(results);
    }
}
