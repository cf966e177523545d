package io.switchboard.application.port.in.user;

import io.switchboard.domain.failure.Violations;
import io.switchboard.domain.user.PublicUser;
import io.switchboard.domain.user.UserRules;

public interface RegisterUserUseCase {
    PublicUser register(Command command);

    record Command(String email, String name, String password) {
        public Command {
            Violations v = new Violations();
            UserRules.checkEmail(v, email);
            UserRules.checkName(v, name);
            UserRules.checkPassword(v, password);
            v.throwIfAny();
            name = name.strip();
        }

        @Override
        public String toString() {
            return "Register[email=" + email + "]";
        }
    }
}
