package io.switchboard.adapters.in.http;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Matches a method and path against route templates such as {@code /api/users/{id}}. It tells apart an
 * unknown path (404) from a known path with the wrong method (405), and names the matched template, which is
 * the bounded label metrics and logs use instead of the raw path.
 */
final class Router {
    /**
     * @param serverApi the route takes the server API's credentials (an admin's token or an API key) instead of a
     *                  user's token; every other authenticated route refuses API keys
     */
    record Route(String method, String template, boolean authenticated, boolean serverApi, Endpoint endpoint) {
        String[] segments() {
            return split(template);
        }
    }

    sealed interface Match permits Found, MethodNotAllowed, NotFound {
    }

    record Found(Route route, Map<String, String> pathParams) implements Match {
    }

    record MethodNotAllowed(Set<String> allowed) implements Match {
    }

    record NotFound() implements Match {
    }

    private final List<Route> routes = new ArrayList<>();

    Router add(String method, String template, boolean authenticated, Endpoint endpoint) {
        routes.add(new Route(method, template, authenticated, false, endpoint));
        return this;
    }

    /** A route of the server API: an admin's token or an API key (docs/api.md, "Publishing from your backend"). */
    Router addServerApi(String method, String template, Endpoint endpoint) {
        routes.add(new Route(method, template, true, true, endpoint));
        return this;
    }

    List<Route> routes() {
        return List.copyOf(routes);
    }

    Match match(String method, String path) {
        String[] segments = split(path);
        Set<String> allowed = new LinkedHashSet<>();
        for (Route route : routes) {
            Map<String, String> params = bind(route.segments(), segments);
            if (params == null) {
                continue;
            }
            if (route.method().equals(method)) {
                return new Found(route, params);
            }
            allowed.add(route.method());
        }
        return allowed.isEmpty() ? new NotFound() : new MethodNotAllowed(allowed);
    }

    private static Map<String, String> bind(String[] template, String[] path) {
        if (template.length != path.length) {
            return null;
        }
        Map<String, String> params = new LinkedHashMap<>();
        for (int i = 0; i < template.length; i++) {
            String t = template[i];
            if (t.startsWith("{") && t.endsWith("}")) {
                if (path[i].isEmpty()) {
                    return null;
                }
                params.put(t.substring(1, t.length() - 1), path[i]);
            } else if (!t.equals(path[i])) {
                return null;
            }
        }
        return params;
    }

    private static String[] split(String path) {
        String trimmed = path.startsWith("/") ? path.substring(1) : path;
        if (trimmed.endsWith("/")) {
            trimmed = trimmed.substring(0, trimmed.length() - 1);
        }
        return trimmed.split("/", -1);
    }
}
