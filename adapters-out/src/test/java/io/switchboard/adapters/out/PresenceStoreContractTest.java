package io.switchboard.adapters.out;

import io.switchboard.application.presence.PresenceSnapshot;
import io.switchboard.application.presence.PresentUser;

import io.switchboard.application.port.out.PresenceStore;
import io.switchboard.application.port.out.PresenceStore.Change;
import io.switchboard.domain.topic.Topic;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/** What every {@link PresenceStore} promises: user-level presence, one join and one leave, expiry by sweep. */
public abstract class PresenceStoreContractTest {
    private static final Instant T0 = Instant.parse("2026-05-06T07:08:09.123Z");
    private static final Instant LATER = T0.plusSeconds(30);
    private PresenceStore store;
    private Topic topic;

    protected abstract PresenceStore newStore();

    @BeforeEach
    void fresh() {
        store = newStore();
        topic = Topic.parse("public.room-" + UUID.randomUUID());
    }

    @Test
    void two_connections_of_one_user_make_one_join_and_one_leave() {
        Change first = store.add(topic, "i1/1", "ada", "Ada", T0, LATER);
        assertThat(first.changed()).isTrue();
        assertThat(first.user().name()).isEqualTo("Ada");
        assertThat(first.users()).isEqualTo(1);
        assertThat(store.add(topic, "i2/7", "ada", "Ada", T0.plusSeconds(1), LATER).changed()).isFalse();
        assertThat(store.add(topic, "i1/1", "ada", "Ada", T0.plusSeconds(2), LATER).changed()).isFalse(); // again
        assertThat(store.list(topic, 10).total()).isEqualTo(1);

        assertThat(store.remove(topic, "i1/1").changed()).isFalse();
        Change last = store.remove(topic, "i2/7");
        assertThat(last.changed()).isTrue();
        assertThat(last.user().userId()).isEqualTo("ada");
        assertThat(last.users()).isEqualTo(1);
        assertThat(store.remove(topic, "i2/7").changed()).isFalse();
        assertThat(store.list(topic, 10).total()).isZero();
    }

    @Test
    void the_list_is_newest_first_bounded_by_limit_with_the_exact_total() {
        store.add(topic, "c1", "u1", null, T0, LATER);
        store.add(topic, "c2", "u2", "Two", T0.plusMillis(5), LATER);
        store.add(topic, "c3", "u3", "Three", T0.plusMillis(9), LATER);
        PresenceSnapshot snapshot = store.list(topic, 2);
        assertThat(snapshot.total()).isEqualTo(3);
        assertThat(snapshot.users()).extracting(PresentUser::userId).containsExactly("u3", "u2");
        assertThat(snapshot.users().get(0).since()).isEqualTo(T0.plusMillis(9));
        assertThat(store.list(topic, 10).users().get(2).name()).isNull();
    }

    @Test
    void expired_entries_are_swept_once_and_refreshed_ones_stay() {
        store.add(topic, "dead/1", "ada", "Ada", T0, T0.plusSeconds(10));
        store.add(topic, "dead/2", "bob", "Bob", T0, T0.plusSeconds(10));
        store.add(topic, "live/1", "bob", "Bob", T0, T0.plusSeconds(10));
        store.refresh(topic, List.of("live/1", "never-added"), T0.plusSeconds(40));

        assertThat(store.sweep(T0.plusSeconds(5), 1000)).isEmpty();
        List<PresenceStore.Left> left = store.sweep(T0.plusSeconds(11), 1000);
        assertThat(left).extracting(l -> l.user().userId()).containsExactly("ada");
        assertThat(left.get(0).topic()).isEqualTo(topic);
        assertThat(left.get(0).usersBefore()).isEqualTo(2);
        assertThat(store.sweep(T0.plusSeconds(12), 1000)).isEmpty();
        assertThat(store.list(topic, 10).users()).extracting(PresentUser::userId).containsExactly("bob");
        assertThat(store.remove(topic, "never-added").changed()).isFalse();
        assertThat(store.sweep(T0.plusSeconds(41), 1000)).extracting(l -> l.user().userId()).containsExactly("bob");
    }

    @Test
    void after_a_churn_of_1000_connects_and_disconnects_the_list_is_exact() {
        Random random = new Random(42);
        List<String> open = new ArrayList<>();
        int joins = 0;
        int leaves = 0;
        for (int i = 0; i < 1000; i++) {
            if (open.isEmpty() || random.nextInt(3) > 0) {
                String connection = "c" + i;
                String user = "u" + random.nextInt(40);
                open.add(connection + " " + user);
                joins += store.add(topic, connection, user, user, T0.plusMillis(i), LATER).changed() ? 1 : 0;
            } else {
                String gone = open.remove(random.nextInt(open.size()));
                leaves += store.remove(topic, gone.split(" ")[0]).changed() ? 1 : 0;
            }
        }
        Set<String> expected = new HashSet<>();
        open.forEach(entry -> expected.add(entry.split(" ")[1]));
        PresenceSnapshot snapshot = store.list(topic, 1000);
        assertThat(snapshot.total()).isEqualTo(expected.size());
        assertThat(snapshot.users()).extracting(PresentUser::userId)
                .containsExactlyInAnyOrderElementsOf(expected);
        assertThat(joins - leaves).isEqualTo(expected.size());
    }
}
