package io.switchboard.domain.session;

/** An operation a client asks for; expiry is not one (the server applies it on its own). */
public sealed interface SessionOp {
    /** The operation's name in messages and metrics: start, switch, pause, resume, complete. */
    String verb();

    record Start() implements SessionOp {
        @Override
        public String verb() {
            return "start";
        }
    }

    /** @param nextParticipantId who gets the turn; null = the next in order */
    record Switch(String nextParticipantId) implements SessionOp {
        @Override
        public String verb() {
            return "switch";
        }
    }

    record Pause() implements SessionOp {
        @Override
        public String verb() {
            return "pause";
        }
    }

    record Resume() implements SessionOp {
        @Override
        public String verb() {
            return "resume";
        }
    }

    record Complete() implements SessionOp {
        @Override
        public String verb() {
            return "complete";
        }
    }
}
