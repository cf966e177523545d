package io.switchboard.application.service.ops;

import io.switchboard.application.port.in.ops.InspectInstanceUseCase;
import io.switchboard.application.realtime.LiveConnection;
import io.switchboard.domain.common.Page;
import io.switchboard.domain.common.PageRequest;
import io.switchboard.domain.failure.Forbidden;
import io.switchboard.domain.user.Caller;
import io.switchboard.domain.user.Role;
import io.switchboard.domain.user.UserId;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class InstanceInspectionServiceTest {
    private static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");
    private final List<LiveConnection> open = new ArrayList<>();
    private final InstanceInspectionService service = new InstanceInspectionService(() -> List.copyOf(open),
            () -> T0.plusSeconds(60), "instance-1", T0, () -> false);
    private final Caller admin = new Caller(UserId.parse(UUID.randomUUID().toString()), Set.of(Role.USER, Role.ADMIN));
    private final Caller user = new Caller(UserId.parse(UUID.randomUUID().toString()), Set.of(Role.USER));

    private void connection(String id, String dialect, String userId, String... subscriptions) {
        open.add(new LiveConnection(id, dialect, userId, "127.0.0.1", T0.plusSeconds(open.size()),
                List.of(subscriptions)));
    }

    @Test
    void onlyAdminsMayInspect() {
        assertThatThrownBy(() -> service.instance(user)).isInstanceOf(Forbidden.class);
        assertThatThrownBy(() -> service.connections(user, null, new PageRequest(1, 10))).isInstanceOf(Forbidden.class);
        assertThatThrownBy(() -> service.topics(user, null, new PageRequest(1, 10))).isInstanceOf(Forbidden.class);
    }

    @Test
    void theInstanceCountsConnectionsByDialect() {
        connection("a", "topic", "u1", "public.x");
        connection("b", "session", "u1", "sessions.s");
        connection("c", "topic", null);
        InspectInstanceUseCase.InstanceInfo info = service.instance(admin);
        assertThat(info.instanceId()).isEqualTo("instance-1");
        assertThat(info.connections()).isEqualTo(3);
        assertThat(info.topicConnections()).isEqualTo(2);
        assertThat(info.sessionConnections()).isEqualTo(1);
        assertThat(info.now()).isEqualTo(T0.plusSeconds(60));
    }

    @Test
    void connectionsComeInPages_andCanBeFilteredByUser() {
        for (int i = 0; i < 5; i++) {
            connection("c" + i, "topic", i % 2 == 0 ? "even" : "odd");
        }
        Page<LiveConnection> second = service.connections(admin, null, new PageRequest(2, 2));
        assertThat(second.items()).extracting(LiveConnection::id).containsExactly("c2", "c3");
        assertThat(second.total()).isEqualTo(5);
        assertThat(second.hasNext()).isTrue();
        assertThat(service.connections(admin, "even", new PageRequest(1, 10)).items())
                .extracting(LiveConnection::id).containsExactly("c0", "c2", "c4");
        assertThat(service.connections(admin, null, new PageRequest(9, 10)).items()).isEmpty();
    }

    @Test
    void topicsCountConnectionsAndDistinctUsers_inNameOrder() {
        connection("a", "topic", "u1", "public.b", "messages.channel.*");
        connection("b", "topic", "u1", "public.b");
        connection("c", "topic", "u2", "public.b");
        connection("d", "session", "u3", "sessions.s");
        Page<InspectInstanceUseCase.TopicUsage> all = service.topics(admin, null, new PageRequest(1, 10));
        assertThat(all.items()).containsExactly(
                new InspectInstanceUseCase.TopicUsage("messages.channel.*", 1, 1),
                new InspectInstanceUseCase.TopicUsage("public.b", 3, 2),
                new InspectInstanceUseCase.TopicUsage("sessions.s", 1, 1));
        assertThat(service.topics(admin, "public.", new PageRequest(1, 10)).items()).hasSize(1);
    }
}
