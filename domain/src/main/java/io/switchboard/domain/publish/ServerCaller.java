package io.switchboard.domain.publish;

import io.switchboard.domain.user.Caller;

import java.util.Objects;
import java.util.regex.Pattern;

/**
 * Who calls the server API (docs/api.md, "Publishing from your backend"): an admin with a token, or an app's
 * backend with an API key from API_KEYS. Only the key's name is ever known past authentication, never its secret.
 */
public sealed interface ServerCaller {
    /** The namespace of this caller's idempotency keys: {@code key:<name>} or {@code user:<id>}. */
    String scope();

    /** What a log line may say about the caller (the key's name, the user's id; never a secret). */
    String logName();

    /** An admin, authenticated by a token. */
    record Admin(Caller caller) implements ServerCaller {
        public Admin {
            Objects.requireNonNull(caller, "caller");
            if (!caller.isAdmin()) {
                throw new IllegalArgumentException("not an admin");
            }
        }

        @Override
        public String scope() {
            return "user:" + caller.id();
        }

        @Override
        public String logName() {
            return "admin " + caller.id();
        }
    }

    /** A backend, authenticated by the API key of this name. */
    record ApiKey(String name) implements ServerCaller {
        /** The names API_KEYS accepts: 1..64 characters of [A-Za-z0-9_.-]. */
        public static final Pattern NAME = Pattern.compile("[A-Za-z0-9_.-]{1,64}");

        public ApiKey {
            Objects.requireNonNull(name, "name");
            if (!NAME.matcher(name).matches()) {
                throw new IllegalArgumentException("an API key name is 1 to 64 characters of [A-Za-z0-9_.-]");
            }
        }

        @Override
        public String scope() {
            return "key:" + name;
        }

        @Override
        public String logName() {
            return "key " + name;
        }
    }
}
