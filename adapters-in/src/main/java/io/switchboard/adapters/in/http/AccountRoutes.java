package io.switchboard.adapters.in.http;

import io.switchboard.adapters.in.json.JsonObject;
import io.switchboard.application.port.in.user.DeleteUserUseCase;
import io.switchboard.application.port.in.user.GetUserUseCase;
import io.switchboard.application.port.in.user.LoginUseCase;
import io.switchboard.application.port.in.user.LogoutUseCase;
import io.switchboard.application.port.in.user.RefreshTokenUseCase;
import io.switchboard.application.port.in.user.RegisterUserUseCase;
import io.switchboard.application.port.in.user.UpdateUserUseCase;
import io.switchboard.application.view.Views;
import io.switchboard.domain.user.UserId;

import java.util.LinkedHashMap;
import java.util.Map;

/** /api/auth/* (refresh and logout included) and /api/users/{id}. */
final class AccountRoutes {
    private final RegisterUserUseCase register;
    private final LoginUseCase login;
    private final GetUserUseCase getUser;
    private final UpdateUserUseCase updateUser;
    private final DeleteUserUseCase deleteUser;
    private final RefreshTokenUseCase refresh;
    private final LogoutUseCase logout;

    AccountRoutes(RegisterUserUseCase register, LoginUseCase login, GetUserUseCase getUser,
                  UpdateUserUseCase updateUser, DeleteUserUseCase deleteUser, RefreshTokenUseCase refresh,
                  LogoutUseCase logout) {
        this.refresh = refresh;
        this.logout = logout;
        this.register = register;
        this.login = login;
        this.getUser = getUser;
        this.updateUser = updateUser;
        this.deleteUser = deleteUser;
    }

    void addTo(Router router) {
        router.add("POST", "/api/auth/register", false, this::register)
                .add("POST", "/api/auth/login", false, this::login)
                .add("POST", "/api/auth/refresh", false, this::refresh)
                .add("POST", "/api/auth/logout", true, this::logout)
                .add("GET", "/api/auth/me", true, call -> Reply.ok(Views.user(getUser.get(call.caller(), call.caller().id()))))
                .add("GET", "/api/users/{id}", true, this::get)
                .add("PUT", "/api/users/{id}", true, this::update)
                .add("DELETE", "/api/users/{id}", true, this::delete);
    }

    private Reply register(HttpCall call) throws Exception {
        JsonObject body = call.body();
        String email = body.string("email");
        String name = body.string("name");
        String password = body.string("password");
        body.check();
        return Reply.created(Views.user(register.register(new RegisterUserUseCase.Command(email, name, password))));
    }

    private Reply login(HttpCall call) throws Exception {
        JsonObject body = call.body();
        String email = body.string("email");
        String password = body.string("password");
        body.check();
        LoginUseCase.Result result = login.login(new LoginUseCase.Command(email, password));
        Map<String, Object> data = new LinkedHashMap<>();
        data.put("user", Views.user(result.user()));
        data.put("token", result.token());
        data.put("expiresAt", Views.iso(result.expiresAt()));
        if (result.refreshToken() != null) {
            data.put("refreshToken", result.refreshToken());
            data.put("refreshExpiresAt", Views.iso(result.refreshExpiresAt()));
        }
        return Reply.ok(data);
    }

    /**
     * The account the path names: a UUID (else code 1 INVALID_ID), or the caller's own id, which for a user of the
     * app's identity provider is no account and so answers 404 USER_NOT_FOUND like any id without an account.
     */
    private static UserId accountId(HttpCall call) {
        String text = call.path("id");
        return text.equals(call.caller().id().value()) ? call.caller().id() : UserId.parse(text);
    }

    private Reply refresh(HttpCall call) throws Exception {
        JsonObject body = call.body();
        String token = body.string("refreshToken");
        body.check();
        RefreshTokenUseCase.Result result = refresh.refresh(new RefreshTokenUseCase.Command(token));
        Map<String, Object> data = new LinkedHashMap<>();
        data.put("user", Views.user(result.user()));
        data.put("token", result.token());
        data.put("expiresAt", Views.iso(result.expiresAt()));
        data.put("refreshToken", result.refreshToken());
        data.put("refreshExpiresAt", Views.iso(result.refreshExpiresAt()));
        return Reply.ok(data);
    }

    private Reply logout(HttpCall call) throws Exception {
        JsonObject body = call.body();
        String token = body.string("refreshToken");
        Boolean all = body.bool("all");
        body.check();
        logout.logout(new LogoutUseCase.Command(call.caller(), token, Boolean.TRUE.equals(all)));
        return Reply.noContent();
    }

    private Reply get(HttpCall call) {
        UserId id = accountId(call);
        return Reply.ok(Views.user(getUser.get(call.caller(), id)));
    }

    private Reply update(HttpCall call) throws Exception {
        UserId id = accountId(call);
        JsonObject body = call.body();
        String email = body.string("email");
        String name = body.string("name");
        String password = body.string("password");
        body.check();
        return Reply.ok(Views.user(updateUser.update(
                new UpdateUserUseCase.Command(call.caller(), id, email, name, password))));
    }

    private Reply delete(HttpCall call) {
        UserId id = accountId(call);
        deleteUser.delete(call.caller(), id);
        return Reply.noContent();
    }
}
