package io.switchboard.application.service.session;

import io.switchboard.application.port.in.session.CompleteSessionUseCase;
import io.switchboard.application.port.in.session.CreateSessionUseCase;
import io.switchboard.application.port.in.session.DeleteSessionUseCase;
import io.switchboard.application.port.in.session.GetSessionUseCase;
import io.switchboard.application.port.in.session.PauseSessionUseCase;
import io.switchboard.application.port.in.session.ResumeSessionUseCase;
import io.switchboard.application.port.in.session.SessionCommand;
import io.switchboard.application.port.in.session.StartSessionUseCase;
import io.switchboard.application.port.in.session.SwitchCycleUseCase;
import io.switchboard.application.port.out.Clock;
import io.switchboard.application.port.out.EventPublisher;
import io.switchboard.application.port.out.IdGenerator;
import io.switchboard.application.port.out.Metrics;
import io.switchboard.application.port.out.SessionStore;
import io.switchboard.application.port.out.SwitchRateLimiter;
import io.switchboard.domain.event.SessionEvent;
import io.switchboard.domain.failure.Failure;
import io.switchboard.domain.failure.Forbidden;
import io.switchboard.domain.failure.NotFound;
import io.switchboard.domain.failure.RateLimited;
import io.switchboard.domain.failure.VersionConflict;
import io.switchboard.domain.session.SessionChange;
import io.switchboard.domain.session.SessionEventType;
import io.switchboard.domain.session.SessionId;
import io.switchboard.domain.session.SessionOp;
import io.switchboard.domain.session.SessionState;
import io.switchboard.domain.session.SessionTransitions;
import io.switchboard.domain.user.Caller;

import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import java.util.function.Supplier;

/**
 * Session sync: every operation is read, decide with {@link SessionTransitions}, compare-and-set, announce.
 * Without an expected version a lost race is retried on the fresh state; with one it is a VersionConflict.
 * A clock that had already run out is expired first and that expiry is stored even if the operation is then
 * refused (docs/sessions.md, "Edge cases"). Every operation is counted with its result (`ok` or the failure's
 * reason) and its latency through {@link Metrics#sessionOperation}.
 */
public final class SessionSyncService implements CreateSessionUseCase, GetSessionUseCase, StartSessionUseCase,
        SwitchCycleUseCase, PauseSessionUseCase, ResumeSessionUseCase, CompleteSessionUseCase, DeleteSessionUseCase {

    private final SessionStore store;
    private final SwitchRateLimiter switchLimiter;
    private final EventPublisher events;
    private final Clock clock;
    private final IdGenerator ids;
    private final SessionWriter writer;
    private final Metrics metrics;

    public SessionSyncService(SessionStore store, SwitchRateLimiter switchLimiter, EventPublisher events, Clock clock,
                              IdGenerator ids, Metrics metrics) {
        this.store = Objects.requireNonNull(store);
        this.switchLimiter = Objects.requireNonNull(switchLimiter);
        this.events = Objects.requireNonNull(events);
        this.clock = Objects.requireNonNull(clock);
        this.ids = Objects.requireNonNull(ids);
        this.metrics = Objects.requireNonNull(metrics);
        this.writer = new SessionWriter(store, events, metrics);
    }

    @Override
    public SessionState create(CreateSessionUseCase.Command command) {
        return measured("create", () -> {
            SessionId id = command.spec().sessionId() != null ? command.spec().sessionId()
                    : new SessionId(ids.newId());
            SessionState state = SessionTransitions.create(command.spec(), id, command.caller().id(), clock.now());
            store.create(state);
            events.publish(SessionEvent.updated(state, SessionEventType.CREATED));
            return state;
        });
    }

    @Override
    public SessionState get(Caller caller, SessionId id) {
        Objects.requireNonNull(caller, "caller");
        return measured("get", () -> load(id));
    }

    @Override
    public SessionState start(SessionCommand command) {
        return change(command.caller(), command.sessionId(), command.expectedVersion(), new SessionOp.Start());
    }

    @Override
    public SessionState switchCycle(SwitchCycleUseCase.Command command) {
        return change(command.caller(), command.sessionId(), command.expectedVersion(),
                new SessionOp.Switch(command.nextParticipantId()));
    }

    @Override
    public SessionState pause(SessionCommand command) {
        return change(command.caller(), command.sessionId(), command.expectedVersion(), new SessionOp.Pause());
    }

    @Override
    public SessionState resume(SessionCommand command) {
        return change(command.caller(), command.sessionId(), command.expectedVersion(), new SessionOp.Resume());
    }

    @Override
    public SessionState complete(SessionCommand command) {
        return change(command.caller(), command.sessionId(), command.expectedVersion(), new SessionOp.Complete());
    }

    @Override
    public void delete(SessionCommand command) {
        measured("delete", () -> {
            deleteNow(command);
            return null;
        });
    }

    /**
     * Runs one operation and counts it: result `ok`, the failure's reason (a bounded set of constants), or
     * `error` for a bug.
     */
    private <T> T measured(String op, Supplier<T> action) {
        long started = System.nanoTime();
        String result = "error";
        try {
            T value = action.get();
            result = "ok";
            return value;
        } catch (Failure failure) {
            result = failure.reason();
            throw failure;
        } finally {
            metrics.sessionOperation(op, result, System.nanoTime() - started);
        }
    }

    private void deleteNow(SessionCommand command) {
        while (true) {
            SessionState current = load(command.sessionId());
            requireOwnerOrAdmin(command.caller(), current, "delete");
            checkVersion(command.expectedVersion(), current.version());
            if (store.delete(current.sessionId(), current.version())) {
                events.publish(SessionEvent.deleted(current));
                return;
            }
            raceLost(command.sessionId(), command.expectedVersion());
        }
    }

    private SessionState change(Caller caller, SessionId id, Long expectedVersion, SessionOp op) {
        return measured(op.verb(), () -> changeNow(caller, id, expectedVersion, op));
    }

    private SessionState changeNow(Caller caller, SessionId id, Long expectedVersion, SessionOp op) {
        boolean rateChecked = false;
        while (true) {
            SessionState current = load(id);
            Instant now = clock.now();
            SessionChange expiry = SessionTransitions.expireIfDue(current, now);
            SessionChange change;
            try {
                authorize(caller, expiry.after(), op);
                checkVersion(expectedVersion, current.version());
                if (!expiry.isEmpty() && expectedVersion != null) {
                    // The caller decided on a state whose clock has since run out.
                    throw new VersionConflict(expectedVersion, expiry.after().version());
                }
                if (op instanceof SessionOp.Switch && !rateChecked) {
                    rateChecked = true;
                    checkSwitchRate(id, now);
                }
                change = SessionTransitions.apply(current, op, now);
            } catch (Failure refused) {
                writer.commit(expiry); // the expiry happened whatever becomes of the request; losing this race is fine
                throw refused;
            }
            if (writer.commit(change)) {
                return change.after();
            }
            raceLost(id, expectedVersion);
        }
    }

    /** Someone else wrote first: with an expected version that is final, otherwise the caller retries. */
    private void raceLost(SessionId id, Long expectedVersion) {
        if (expectedVersion != null) {
            throw new VersionConflict(expectedVersion, load(id).version());
        }
    }

    private static void checkVersion(Long expectedVersion, long actualVersion) {
        if (expectedVersion != null && expectedVersion != actualVersion) {
            throw new VersionConflict(expectedVersion, actualVersion);
        }
    }

    private void checkSwitchRate(SessionId id, Instant now) {
        switchLimiter.tryAcquire(id, now).ifPresent(wait -> {
            throw new RateLimited("SWITCH_RATE_LIMITED", "too many switches of this session, retry shortly",
                    ceilSeconds(wait));
        });
    }

    private static long ceilSeconds(Duration wait) {
        return (wait.toMillis() + 999) / 1000;
    }

    /**
     * Switch: the owner, an admin, or the active participant (participantId = the caller's user id); while nobody is
     * active (pending, completed, expired) any participant passes, to be told of the state conflict instead.
     * Everything else: the owner or an admin.
     */
    private static void authorize(Caller caller, SessionState state, SessionOp op) {
        if (op instanceof SessionOp.Switch) {
            String self = caller.id().toString();
            boolean mayPlay = state.activeParticipantId() != null
                    ? state.activeParticipantId().equalsIgnoreCase(self)
                    : state.participants().stream().anyMatch(p -> p.participantId().equalsIgnoreCase(self));
            if (!caller.isSelfOrAdmin(state.ownerId()) && !mayPlay) {
                throw new Forbidden("NOT_ALLOWED_TO_SWITCH",
                        "only the owner, an admin or the active participant may switch");
            }
            return;
        }
        requireOwnerOrAdmin(caller, state, op.verb());
    }

    private static void requireOwnerOrAdmin(Caller caller, SessionState state, String verb) {
        if (!caller.isSelfOrAdmin(state.ownerId())) {
            throw new Forbidden("NOT_SESSION_OWNER", "only the session's owner or an admin may " + verb + " it");
        }
    }

    private SessionState load(SessionId id) {
        return store.get(id).orElseThrow(() -> new NotFound("SESSION_NOT_FOUND", "no such session"));
    }
}
