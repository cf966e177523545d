package io.switchboard.domain.session;

import io.switchboard.domain.failure.Conflict;
import io.switchboard.domain.failure.ValidationFailed;
import io.switchboard.domain.user.UserId;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * The rules of session sync as pure functions of (state, operation, now); see docs/sessions.md.
 *
 * <ul>
 *   <li>Every step adds exactly 1 to the version and sets updatedAt to {@code now}.</li>
 *   <li>A clock that ran out before {@code now} is expired first, at its deadline, exactly as a punctual server
 *       would have done; the operation then applies to the resulting state, or is refused if no longer valid.
 *       So the outcome never depends on how late the expiry scheduler is.</li>
 *   <li>An operation that the status does not allow is {@link Conflict} INVALID_STATE_TRANSITION.</li>
 * </ul>
 */
public final class SessionTransitions {
    public static final String INVALID_STATE_TRANSITION = "INVALID_STATE_TRANSITION";

    private SessionTransitions() {
    }

    /** A new pending session at version 1: every clock full, nobody active. */
    public static SessionState create(SessionSpec spec, SessionId id, UserId owner, Instant now) {
        Objects.requireNonNull(spec, "spec");
        List<Participant> participants = new ArrayList<>(spec.participants().size());
        for (int i = 0; i < spec.participants().size(); i++) {
            ParticipantSpec p = spec.participants().get(i);
            Long remaining = switch (spec.syncMode()) {
                case PER_PARTICIPANT -> p.totalTimeMs() != null ? p.totalTimeMs() : spec.totalTimeMs();
                case PER_CYCLE -> spec.timePerCycleMs();
                case GLOBAL, PER_GROUP -> spec.totalTimeMs();
                case COUNT_UP -> spec.maxTimeMs();
            };
            participants.add(new Participant(p.participantId(), i, remaining, 0, 0, false, p.groupId()));
        }
        return new SessionState(id, owner, spec.syncMode(), SyncStatus.PENDING, 1, participants, null, null, null,
                null, spec.totalTimeMs(), spec.timePerCycleMs(), spec.incrementMs(), spec.maxTimeMs(),
                spec.actionOnTimeout(), spec.metadata(), now, now);
    }

    public static SessionChange start(SessionState state, Instant now) {
        return apply(state, new SessionOp.Start(), now);
    }

    /** @param nextParticipantId who gets the turn; null = the next in order (skipping expired ones under skip) */
    public static SessionChange switchCycle(SessionState state, String nextParticipantId, Instant now) {
        return apply(state, new SessionOp.Switch(nextParticipantId), now);
    }

    public static SessionChange pause(SessionState state, Instant now) {
        return apply(state, new SessionOp.Pause(), now);
    }

    public static SessionChange resume(SessionState state, Instant now) {
        return apply(state, new SessionOp.Resume(), now);
    }

    public static SessionChange complete(SessionState state, Instant now) {
        return apply(state, new SessionOp.Complete(), now);
    }

    /**
     * Expires what is due, then applies {@code op}.
     *
     * @throws Conflict INVALID_STATE_TRANSITION when the (post-expiry) status does not allow {@code op};
     *                  PARTICIPANT_EXPIRED when a switch names an expired participant under skip
     * @throws ValidationFailed on `nextParticipantId` when it names nobody in the session
     */
    public static SessionChange apply(SessionState state, SessionOp op, Instant now) {
        SessionChange expiry = expireIfDue(state, now);
        SessionState base = expiry.after();
        SessionStep step;
        if (op instanceof SessionOp.Switch sw) {
            step = doSwitch(base, sw.nextParticipantId(), now);
        } else if (op instanceof SessionOp.Start) {
            step = doStart(base, now);
        } else if (op instanceof SessionOp.Pause) {
            step = doPause(base, now);
        } else if (op instanceof SessionOp.Resume) {
            step = doResume(base, now);
        } else if (op instanceof SessionOp.Complete) {
            step = doComplete(base, now);
        } else {
            throw new IllegalArgumentException("unknown operation " + op);
        }
        return expiry.then(step);
    }

    /**
     * Applies actionOnTimeout for every clock that has run out by {@code now}, each at its own deadline (a skip may
     * activate a participant whose clock is also out by then, hence possibly several steps). No steps when nothing
     * is due.
     */
    public static SessionChange expireIfDue(SessionState state, Instant now) {
        SessionChange change = SessionChange.none(state);
        Optional<Instant> due = deadline(state);
        while (due.isPresent() && !now.isBefore(due.get())) {
            change = change.then(expireAt(change.after(), due.get(), now));
            due = deadline(change.after());
        }
        return change;
    }

    /**
     * When the running clock reaches zero (or maxTimeMs in count_up): {@code cycleStartedAt + remainingMs} of the
     * active participant. Empty when the session does not run, when the active participant has already expired
     * (continue: the turn goes on without a deadline), and in count_up without maxTimeMs.
     */
    public static Optional<Instant> deadline(SessionState state) {
        if (!state.isRunning()) {
            return Optional.empty();
        }
        return state.activeParticipant()
                .filter(p -> !p.hasExpired() && p.remainingMs() != null)
                .map(p -> state.cycleStartedAt().plusMillis(p.remainingMs()));
    }

    private static SessionStep doStart(SessionState state, Instant now) {
        require(state, "start", SyncStatus.PENDING);
        Draft d = new Draft(state);
        d.status = SyncStatus.RUNNING;
        d.sessionStartedAt = now;
        d.activate(0, now);
        return d.step(SessionEventType.STARTED, now);
    }

    private static SessionStep doSwitch(SessionState state, String nextParticipantId, Instant now) {
        require(state, "switch", SyncStatus.RUNNING);
        Draft d = new Draft(state);
        int next = nextParticipantId == null ? -1 : d.indexOf(nextParticipantId);
        if (nextParticipantId != null && next < 0) {
            throw ValidationFailed.of("nextParticipantId", "is not a participant of this session");
        }
        if (next >= 0 && d.skipsExpired() && d.participants.get(next).hasExpired()) {
            throw new Conflict("PARTICIPANT_EXPIRED", "that participant's time has run out",
                    Map.of("participantId", nextParticipantId));
        }
        int leaving = d.activeIndex();
        int target = next >= 0 ? next : d.nextInOrder(leaving);
        d.charge(now);
        if (target != leaving) {
            // A switch to the active participant itself (named, or the only one in order) records a cycle and
            // charges the time, but earns no increment: otherwise the active one could gain time at will.
            d.endTurn(leaving);
        }
        d.activate(target, now);
        return d.step(SessionEventType.SWITCHED, now);
    }

    private static SessionStep doPause(SessionState state, Instant now) {
        require(state, "pause", SyncStatus.RUNNING);
        Draft d = new Draft(state);
        d.charge(now);
        d.status = SyncStatus.PAUSED;
        d.cycleStartedAt = null;
        return d.step(SessionEventType.PAUSED, now);
    }

    private static SessionStep doResume(SessionState state, Instant now) {
        require(state, "resume", SyncStatus.PAUSED);
        Draft d = new Draft(state);
        d.status = SyncStatus.RUNNING;
        d.cycleStartedAt = now;
        return d.step(SessionEventType.RESUMED, now);
    }

    private static SessionStep doComplete(SessionState state, Instant now) {
        require(state, "complete", SyncStatus.RUNNING, SyncStatus.PAUSED);
        Draft d = new Draft(state);
        if (state.isRunning()) {
            d.charge(now);
        }
        d.finish(SyncStatus.COMPLETED, now);
        return d.step(SessionEventType.COMPLETED, now);
    }

    /** The running clock ran out at {@code at}: charge up to then, mark its owners expired, apply the action. */
    private static SessionStep expireAt(SessionState state, Instant at, Instant now) {
        Draft d = new Draft(state);
        int active = d.activeIndex();
        d.charge(at);
        for (int i : d.clockMembers(active)) {
            d.participants.set(i, d.participants.get(i).expired());
        }
        switch (state.actionOnTimeout()) {
            case END_SESSION -> d.finish(SyncStatus.EXPIRED, at);
            case SKIP -> {
                int next = d.nextInOrder(active);
                if (next < 0) {
                    d.finish(SyncStatus.EXPIRED, at);
                } else {
                    d.activate(next, at);
                }
            }
            case CONTINUE -> d.cycleStartedAt = at;
        }
        return d.step(SessionEventType.TIME_EXPIRED, now);
    }

    private static void require(SessionState state, String verb, SyncStatus... allowed) {
        for (SyncStatus s : allowed) {
            if (state.status() == s) {
                return;
            }
        }
        throw new Conflict(INVALID_STATE_TRANSITION,
                "cannot " + verb + " a session that is " + state.status().wireName(),
                Map.of("status", state.status().wireName(), "operation", verb));
    }

    /** A state under construction; only this class changes sessions. */
    private static final class Draft {
        private final SessionState base;
        private final List<Participant> participants;
        private SyncStatus status;
        private String activeParticipantId;
        private Instant cycleStartedAt;
        private Instant sessionStartedAt;
        private Instant sessionCompletedAt;

        Draft(SessionState base) {
            this.base = base;
            this.participants = new ArrayList<>(base.participants());
            this.status = base.status();
            this.activeParticipantId = base.activeParticipantId();
            this.cycleStartedAt = base.cycleStartedAt();
            this.sessionStartedAt = base.sessionStartedAt();
            this.sessionCompletedAt = base.sessionCompletedAt();
        }

        int indexOf(String participantId) {
            for (int i = 0; i < participants.size(); i++) {
                if (participants.get(i).participantId().equals(participantId)) {
                    return i;
                }
            }
            return -1;
        }

        int activeIndex() {
            int i = indexOf(activeParticipantId);
            if (i < 0) {
                throw new IllegalStateException("a running session has an active participant");
            }
            return i;
        }

        boolean skipsExpired() {
            return base.actionOnTimeout() == ActionOnTimeout.SKIP;
        }

        /** The participants whose clock is the one {@code i} runs on. */
        List<Integer> clockMembers(int i) {
            List<Integer> members = new ArrayList<>();
            switch (base.syncMode()) {
                case PER_PARTICIPANT, PER_CYCLE -> members.add(i);
                case GLOBAL, COUNT_UP -> {
                    for (int k = 0; k < participants.size(); k++) {
                        members.add(k);
                    }
                }
                case PER_GROUP -> {
                    String group = participants.get(i).groupId();
                    for (int k = 0; k < participants.size(); k++) {
                        if (Objects.equals(group, participants.get(k).groupId())) {
                            members.add(k);
                        }
                    }
                }
            }
            return members;
        }

        /** Charges the time since cycleStartedAt to the active participant and its clock, and rebases at {@code at}. */
        void charge(Instant at) {
            long elapsed = Math.max(0, at.toEpochMilli() - cycleStartedAt.toEpochMilli());
            int active = activeIndex();
            Participant p = participants.get(active);
            participants.set(active, p.withUsed(p.usedMs() + elapsed));
            for (int i : clockMembers(active)) {
                Participant m = participants.get(i);
                if (m.remainingMs() != null) {
                    participants.set(i, m.withRemaining(Math.max(0, m.remainingMs() - elapsed)));
                }
            }
            cycleStartedAt = at;
        }

        /** After a charged turn: the increment (per_participant, per_group) or a fresh cycle (per_cycle). */
        void endTurn(int leaving) {
            Participant p = participants.get(leaving);
            if (p.hasExpired()) {
                return;
            }
            switch (base.syncMode()) {
                case PER_PARTICIPANT, PER_GROUP -> {
                    if (base.incrementMs() > 0) {
                        for (int i : clockMembers(leaving)) {
                            Participant m = participants.get(i);
                            participants.set(i, m.withRemaining(m.remainingMs() + base.incrementMs()));
                        }
                    }
                }
                case PER_CYCLE -> participants.set(leaving, p.withRemaining(base.timePerCycleMs()));
                case GLOBAL, COUNT_UP -> {
                }
            }
        }

        /** The next participant after {@code from} in turn order (cyclic, {@code from} last); under skip, not expired. */
        int nextInOrder(int from) {
            int n = participants.size();
            for (int k = 1; k <= n; k++) {
                int i = (from + k) % n;
                if (!skipsExpired() || !participants.get(i).hasExpired()) {
                    return i;
                }
            }
            return -1;
        }

        void activate(int i, Instant at) {
            Participant p = participants.get(i);
            p = p.withCycleCount(p.cycleCount() + 1);
            if (base.syncMode() == SyncMode.PER_CYCLE && !p.hasExpired()) {
                p = p.withRemaining(base.timePerCycleMs());
            }
            participants.set(i, p);
            activeParticipantId = p.participantId();
            cycleStartedAt = at;
        }

        void finish(SyncStatus finalStatus, Instant at) {
            status = finalStatus;
            sessionCompletedAt = at;
            cycleStartedAt = null;
            activeParticipantId = null;
        }

        SessionStep step(SessionEventType event, Instant now) {
            SessionState next = new SessionState(base.sessionId(), base.ownerId(), base.syncMode(), status,
                    base.version() + 1, participants, activeParticipantId, cycleStartedAt, sessionStartedAt,
                    sessionCompletedAt, base.totalTimeMs(), base.timePerCycleMs(), base.incrementMs(),
                    base.maxTimeMs(), base.actionOnTimeout(), base.metadata(), base.createdAt(), now);
            return new SessionStep(next, event);
        }
    }
}
