package io.switchboard.application.service.publish;

import io.switchboard.application.port.in.publish.AuthenticateServerCallerUseCase;
import io.switchboard.application.port.in.publish.BroadcastUseCase;
import io.switchboard.application.port.in.publish.CountSubscribersUseCase;
import io.switchboard.application.port.in.publish.PublishUseCase;
import io.switchboard.application.port.in.user.AuthenticateUseCase;
import io.switchboard.application.port.out.ApiKeyVerifier;
import io.switchboard.application.port.out.Clock;
import io.switchboard.application.port.out.IdempotencyStore;
import io.switchboard.application.port.out.PubSub;
import io.switchboard.application.realtime.Publication;
import io.switchboard.application.publish.PublishOutcome;
import io.switchboard.application.publish.PublishOutcome.TopicError;
import io.switchboard.application.publish.PublishOutcome.TopicResult;
import io.switchboard.application.realtime.RawJson;
import io.switchboard.application.realtime.StreamPosition;
import io.switchboard.application.port.out.SubscriberCounter;
import io.switchboard.application.publish.SubscriberCount;
import io.switchboard.domain.failure.Conflict;
import io.switchboard.domain.failure.Failure;
import io.switchboard.domain.failure.Forbidden;
import io.switchboard.domain.failure.PayloadTooLarge;
import io.switchboard.domain.failure.ServiceUnavailable;
import io.switchboard.domain.failure.Unauthorized;
import io.switchboard.domain.failure.ValidationFailed;
import io.switchboard.domain.publish.ServerCaller;
import io.switchboard.domain.topic.Topic;
import io.switchboard.domain.topic.Topics;
import io.switchboard.domain.user.Caller;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.function.Supplier;

/**
 * The server API (docs/api.md, "Publishing from your backend"): an admin or an API key publishes to any topic but
 * {@code sessions.**}, once per idempotency key, and counts a topic's subscribers on every instance.
 */
public final class ServerPublishService implements AuthenticateServerCallerUseCase, PublishUseCase, BroadcastUseCase,
        CountSubscribersUseCase {
    private final AuthenticateUseCase authenticate;
    private final ApiKeyVerifier apiKeys;
    private final PubSub pubSub;
    private final SubscriberCounter counter;
    private final IdempotencyStore idempotency;
    private final Clock clock;
    private final long maxDataBytes;

    /** @param maxDataBytes the largest encoded data (WS_MAX_MESSAGE_SIZE); 0 = no limit */
    public ServerPublishService(AuthenticateUseCase authenticate, ApiKeyVerifier apiKeys, PubSub pubSub,
                                SubscriberCounter counter, IdempotencyStore idempotency, Clock clock,
                                long maxDataBytes) {
        this.authenticate = Objects.requireNonNull(authenticate);
        this.apiKeys = Objects.requireNonNull(apiKeys);
        this.pubSub = Objects.requireNonNull(pubSub);
        this.counter = Objects.requireNonNull(counter);
        this.idempotency = Objects.requireNonNull(idempotency);
        this.clock = Objects.requireNonNull(clock);
        this.maxDataBytes = maxDataBytes;
    }

    // ---- credentials -------------------------------------------------------------------------------------

    @Override
    public ServerCaller withToken(String bearerToken) {
        Caller caller = authenticate.authenticate(bearerToken).caller();
        if (!caller.isAdmin()) {
            throw new Forbidden("NOT_ALLOWED", "only admins and API keys may use the server API");
        }
        return new ServerCaller.Admin(caller);
    }

    @Override
    public ServerCaller.ApiKey withApiKey(String secret) {
        return apiKeys.nameOf(secret == null ? "" : secret).map(ServerCaller.ApiKey::new)
                .orElseThrow(() -> new Unauthorized("API_KEY_INVALID", "the API key is not valid"));
    }

    // ---- publish and broadcast ---------------------------------------------------------------------------

    @Override
    public TopicResult publish(PublishUseCase.Command command) {
        checkSize(command.data());
        Topic topic = publishable(command.topic(), Topic.FIELD);
        PublishOutcome outcome = once(command.caller(), command.idempotencyKey(), () -> {
            StreamPosition position = pubSub.publishKept(new Publication(topic, command.eventType(), command.data(),
                    clock.now())).orElse(null);
            return new PublishOutcome(List.of(TopicResult.published(command.topic(), position)));
        });
        return outcome.results().get(0);
    }

    @Override
    public PublishOutcome broadcast(BroadcastUseCase.Command command) {
        checkSize(command.data());
        return once(command.caller(), command.idempotencyKey(), () -> {
            Instant now = clock.now();
            List<TopicResult> results = new ArrayList<>(command.topics().size());
            Set<Topic> seen = new HashSet<>();
            for (int i = 0; i < command.topics().size(); i++) {
                String text = command.topics().get(i);
                try {
                    Topic topic = publishable(text, "topics[" + i + "]");
                    if (!seen.add(topic)) {
                        throw ValidationFailed.of("topics[" + i + "]", "is listed more than once");
                    }
                    // The data is one RawJson shared by every publication: serialised once, copied per frame.
                    StreamPosition position = pubSub.publishKept(new Publication(topic, command.eventType(),
                            command.data(), now)).orElse(null);
                    results.add(TopicResult.published(text, position));
                } catch (ValidationFailed | Forbidden refused) {
                    results.add(new TopicResult(text, errorOf(refused)));
                }
            }
            return new PublishOutcome(results);
        });
    }

    private void checkSize(RawJson data) {
        if (maxDataBytes <= 0) {
            return;
        }
        long bytes = utf8Length(data.json());
        if (bytes > maxDataBytes) {
            throw new PayloadTooLarge("PAYLOAD_TOO_LARGE",
                    "data is " + bytes + " bytes of JSON; at most " + maxDataBytes + " (WS_MAX_MESSAGE_SIZE)");
        }
    }

    /** The size of {@code text} in UTF-8, without encoding it. */
    private static long utf8Length(String text) {
        long bytes = 0;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c < 0x80) {
                bytes++;
            } else if (c < 0x800) {
                bytes += 2;
            } else if (Character.isHighSurrogate(c) && i + 1 < text.length()
                    && Character.isLowSurrogate(text.charAt(i + 1))) {
                bytes += 4;
                i++;
            } else {
                bytes += 3;
            }
        }
        return bytes;
    }

    /** A concrete topic the server API may publish to: everything but {@code sessions.**} (sessions change only
     * through their routes, so that their watchers never see a state the store does not hold). */
    private static Topic publishable(String text, String field) {
        if (text == null) {
            throw ValidationFailed.of(field, "is required");
        }
        Topic topic = Topic.parse(text, field);
        if (topic.segment(0).equals(Topics.SESSIONS)) {
            throw new Forbidden("TOPIC_RESERVED", "sessions.** change only through the session routes");
        }
        return topic;
    }

    private static TopicError errorOf(Failure failure) {
        return new TopicError(failure.code(), failure.reason(), failure.getMessage());
    }

    /** Runs {@code work} once per (caller, key) within the store's window; without a key, every time. */
    private PublishOutcome once(ServerCaller caller, String key, Supplier<PublishOutcome> work) {
        if (key == null) {
            return work.get();
        }
        IdempotencyStore.Claim claim = idempotency.claim(caller.scope(), key);
        if (claim instanceof IdempotencyStore.Claim.Answered answered) {
            return answered.outcome();
        }
        if (claim instanceof IdempotencyStore.Claim.InProgress) {
            throw new Conflict("IDEMPOTENCY_IN_PROGRESS",
                    "a request with this idempotencyKey is still running; retry in a moment for its answer");
        }
        PublishOutcome outcome;
        try {
            outcome = work.get();
        } catch (RuntimeException e) {
            idempotency.release(caller.scope(), key);
            throw e;
        }
        try {
            idempotency.answer(caller.scope(), key, outcome);
        } catch (ServiceUnavailable e) {
            // Published already: say so. The key stays claimed (in progress) until its window ends, so a repeat
            // gets 409 rather than a second publication.
        }
        return outcome;
    }

    // ---- subscriber counts -------------------------------------------------------------------------------

    @Override
    public SubscriberCount count(ServerCaller caller, String topic) {
        Objects.requireNonNull(caller, "caller");
        return counter.count(Topic.parse(topic));
    }
}
