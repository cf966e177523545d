package io.switchboard.application.port.in.user;

import io.switchboard.domain.failure.Violations;
import io.switchboard.domain.user.Caller;
import io.switchboard.domain.user.PublicUser;
import io.switchboard.domain.user.UserId;
import io.switchboard.domain.user.UserRules;

import java.util.Objects;

public interface UpdateUserUseCase {
    /** Self or admin only (code 5); a taken e-mail is code 6 EMAIL_TAKEN. */
    PublicUser update(Command command);

    /** Null fields stay as they are; at least one must be given. */
    record Command(Caller caller, UserId id, String email, String name, String password) {
        public Command {
            Objects.requireNonNull(caller, "caller");
            Objects.requireNonNull(id, "id");
            Violations v = new Violations();
            if (email == null && name == null && password == null) {
                v.add("body", "give at least one of email, name, password");
            }
            if (email != null) {
                UserRules.checkEmail(v, email);
            }
            if (name != null) {
                UserRules.checkName(v, name);
            }
            if (password != null) {
                UserRules.checkPassword(v, password);
            }
            v.throwIfAny();
            name = name == null ? null : name.strip();
        }

        @Override
        public String toString() {
            return "UpdateUser[id=" + id + "]";
        }
    }
}
