package io.switchboard.application.port.in.publish;

import io.switchboard.application.publish.PublishOutcome;
import io.switchboard.application.realtime.RawJson;
import io.switchboard.domain.failure.Violations;
import io.switchboard.domain.publish.EventType;
import io.switchboard.domain.publish.ServerCaller;
import io.switchboard.domain.topic.Topic;

import java.util.Objects;

/** {@code POST /api/publish}: one publication on one topic, from an app's backend. */
public interface PublishUseCase {
    /** The longest idempotency key. */
    int MAX_IDEMPOTENCY_KEY = 64;

    /**
     * @return the published topic (a repeated idempotency key: the first request's answer, and nothing published)
     * @throws io.switchboard.domain.failure.ValidationFailed code 2: a malformed topic or a pattern
     * @throws io.switchboard.domain.failure.Forbidden        code 5 TOPIC_RESERVED for {@code sessions.**}
     * @throws io.switchboard.domain.failure.PayloadTooLarge  code 8 when the data is larger than WS_MAX_MESSAGE_SIZE
     * @throws io.switchboard.domain.failure.Conflict         code 6 IDEMPOTENCY_IN_PROGRESS while a request with the
     *                                                        same key runs
     */
    PublishOutcome.TopicResult publish(Command command);

    /**
     * @param eventType      null for {@link EventType#DEFAULT}
     * @param idempotencyKey null for none
     */
    record Command(ServerCaller caller, String topic, String eventType, RawJson data, String idempotencyKey) {
        public Command {
            Objects.requireNonNull(caller, "caller");
            eventType = eventType == null ? EventType.DEFAULT : eventType;
            Violations violations = new Violations();
            violations.check(topic != null, Topic.FIELD, "is required");
            checkCommon(violations, eventType, data, idempotencyKey);
            violations.throwIfAny();
        }
    }

    /** The rules a publish and a broadcast share. */
    static void checkCommon(Violations violations, String eventType, RawJson data, String idempotencyKey) {
        violations.check(data != null, "data", "is required (any JSON value but null)");
        violations.check(EventType.isValid(eventType), "eventType",
                "must be 1 to " + EventType.MAX_LENGTH + " characters of [A-Za-z0-9_.:-]");
        violations.check(idempotencyKey == null
                        || (!idempotencyKey.isEmpty() && idempotencyKey.length() <= MAX_IDEMPOTENCY_KEY),
                "idempotencyKey", "must be 1 to " + MAX_IDEMPOTENCY_KEY + " characters");
    }
}
