package io.switchboard.application.port.in.ops;

import java.util.List;
import java.util.Map;

/** GET /health, /health/live and /health/ready (docs/operations.md "Health"). */
public interface CheckHealthUseCase {
    /** The full report; runs every check. */
    Report health();

    /** True while the process serves requests at all (the HTTP answer itself is the proof). */
    boolean live();

    /** Whether a load balancer should send new traffic here, and if not, why. */
    Readiness readiness();

    enum Overall {
        HEALTHY, DEGRADED, UNHEALTHY;

        public String wireName() {
            return name().toLowerCase(java.util.Locale.ROOT);
        }
    }

    /** One component's answer: its status (up, degraded, down), how long the check took, and its details. */
    record Component(String status, long latencyMs, Map<String, Object> details) {
        public Component {
            details = Map.copyOf(details);
        }
    }

    /**
     * @param checks by name, in the order the checks were given
     * @param ready  the same verdict as {@link #readiness()} at the same moment
     */
    record Report(Overall status, long uptimeSeconds, String version, boolean draining, boolean ready,
                  Map<String, Component> checks) {
    }

    /** @param reasons why not ready, e.g. {@code draining}, {@code stateStore down}; empty when ready */
    record Readiness(boolean ready, List<String> reasons) {
        public Readiness {
            reasons = List.copyOf(reasons);
        }
    }
}
