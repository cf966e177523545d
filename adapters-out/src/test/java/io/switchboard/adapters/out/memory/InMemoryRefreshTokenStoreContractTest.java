package io.switchboard.adapters.out.memory;

import io.switchboard.adapters.out.RefreshTokenStoreContractTest;
import io.switchboard.application.port.out.RefreshTokenStore;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class InMemoryRefreshTokenStoreContractTest extends RefreshTokenStoreContractTest {
    @Override
    protected RefreshTokenStore newStore() {
        return InMemoryAdapters.refreshTokenStore();
    }

    @Test
    void familiesPastTheirRetention_areForgotten_byTheSweepOnALaterLogin() {
        login(ada, "old", 0);
        InMemoryRefreshTokenStore memory = (InMemoryRefreshTokenStore) store;
        assertThat(memory.familyCount()).isEqualTo(1);

        store.create(new RefreshTokenStore.NewFamily(bob, java.util.UUID.randomUUID(), "new", 0,
                EXPIRES.plus(RefreshTokenStore.RETENTION), EXPIRES.plus(RefreshTokenStore.RETENTION).plusSeconds(60)));

        assertThat(memory.familyCount()).isEqualTo(1);
    }
}
