package io.switchboard.adapters.out.redis;

import io.lettuce.core.cluster.SlotHash;
import io.switchboard.domain.topic.Topic;
import io.switchboard.domain.topic.TopicPattern;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** The partition function: every topic a partition-fixing pattern matches is in that partition. */
class RedisKeysPartitionTest {
    private final RedisKeys keys = new RedisKeys("sb:");

    @Test
    void aTopicsPartitionDependsOnItsFirstThreeSegmentsOnly() {
        assertThat(RedisKeys.topicPartition("apps.chat.room1.alice"))
                .isEqualTo(RedisKeys.topicPartition("apps.chat.room1"))
                .isEqualTo(RedisKeys.topicPartition("apps.chat.room1.bob.typing"));
        assertThat(RedisKeys.topicPartition("sessions.abc")).isBetween(0, RedisKeys.TOPIC_PARTITIONS - 1);
    }

    @Test
    void aPatternWithThreeLiteralSegmentsFixesThePartitionOfEveryTopicItMatches() {
        List<String> patterns = List.of("apps.chat.room1.*", "apps.chat.room1.**", "messages.channel.general");
        List<String> topics = List.of("apps.chat.room1.alice", "apps.chat.room1.bob.typing", "apps.chat.room1",
                "messages.channel.general", "apps.chat.room2.alice");
        for (String pattern : patterns) {
            int partition = RedisKeys.patternPartition(pattern);
            assertThat(partition).as(pattern).isNotNegative();
            for (String topic : topics) {
                if (TopicPattern.parse(pattern).matches(Topic.parse(topic))) {
                    assertThat(RedisKeys.topicPartition(topic)).as(topic + " ~ " + pattern).isEqualTo(partition);
                }
            }
        }
    }

    @Test
    void aPatternWithAWildcardInItsFirstThreeSegments_fixesNoPartition() {
        assertThat(RedisKeys.patternPartition("messages.user.*")).isEqualTo(-1);
        assertThat(RedisKeys.patternPartition("apps.chat.**")).isEqualTo(-1);
        assertThat(RedisKeys.patternPartition("**")).isEqualTo(-1);
    }

    @Test
    void theTopicsKeysAndItsChannelShareOneSlot_andPartitionsSpreadOverManySlots() {
        String topic = "messages.channel.general";
        assertThat(SlotHash.getSlot(keys.topicTag(topic) + "history"))
                .isEqualTo(SlotHash.getSlot(new RedisChannels(keys, true).channel(Topic.parse(topic))));
        java.util.Set<Integer> slots = new java.util.HashSet<>();
        for (int p = 0; p < RedisKeys.TOPIC_PARTITIONS; p++) {
            slots.add(SlotHash.getSlot(keys.partitionTag(p) + "x"));
        }
        assertThat(slots).hasSize(RedisKeys.TOPIC_PARTITIONS);
    }
}
