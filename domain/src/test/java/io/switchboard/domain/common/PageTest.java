package io.switchboard.domain.common;

import io.switchboard.domain.failure.ValidationFailed;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

class PageTest {

    @ParameterizedTest(name = "page {0} of {2} items by {1}: {3} pages, next {4}, previous {5}")
    @CsvSource({
            "1, 20, 0, 0, false, false",
            "1, 2, 5, 3, true, false",
            "2, 2, 5, 3, true, true",
            "3, 2, 5, 3, false, true",
            "4, 2, 5, 3, false, true",
            "1, 5, 5, 1, false, false",
            "1, 5, 6, 2, true, false",
            "1, 1, 1, 1, false, false",
            "1, 100, 10000000000, 100000000, true, false"})
    void pageArithmetic(int page, int limit, long total, long totalPages, boolean hasNext, boolean hasPrevious) {
        Page<String> p = new Page<>(List.of(), page, limit, total);

        assertThat(p.totalPages()).isEqualTo(totalPages);
        assertThat(p.hasNext()).isEqualTo(hasNext);
        assertThat(p.hasPrevious()).isEqualTo(hasPrevious);
    }

    @Test
    void offset_isZeroBased() {
        assertThat(Page.offset(1, 20)).isZero();
        assertThat(Page.offset(3, 20)).isEqualTo(40);
        assertThat(Page.offset(Integer.MAX_VALUE, 100)).as("no int overflow").isEqualTo((Integer.MAX_VALUE - 1L) * 100);
        assertThat(new PageRequest(2, 7).offset()).isEqualTo(7);
    }

    @Test
    void map_keepsThePageNumbers() {
        Page<Integer> mapped = new Page<>(List.of("a", "bb"), 2, 2, 5).map(String::length);

        assertThat(mapped.items()).containsExactly(1, 2);
        assertThat(mapped.page()).isEqualTo(2);
        assertThat(mapped.total()).isEqualTo(5);
    }

    @Test
    void aPageCannotStartBelowOne() {
        assertThatThrownBy(() -> new Page<>(List.of(), 0, 20, 0)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new Page<>(List.of(), 1, 0, 0)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new Page<>(List.of(), 1, 20, -1)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void pageRequest_acceptsPage1OrMore_andLimit1to100() {
        assertThat(new PageRequest(1, 1).limit()).isEqualTo(1);
        assertThat(new PageRequest(9, 100).limit()).isEqualTo(100);
        assertThat(PageRequest.DEFAULT_LIMIT).isEqualTo(20);
    }

    @Test
    void pageRequest_refusesOutOfRangeValues_namingEach() {
        assertThat(catchThrowableOfType(ValidationFailed.class, () -> new PageRequest(0, 101)).errors())
                .extracting(e -> e.field()).containsExactly("page", "limit");
        assertThatThrownBy(() -> new PageRequest(1, 0)).isInstanceOf(ValidationFailed.class);
        assertThatThrownBy(() -> new PageRequest(-1, 20)).isInstanceOf(ValidationFailed.class);
    }
}
