package dev.nettyforensics.netty;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class RefCountEncodingTest {

    @Test
    void evenRawValuesHoldTwiceTheRealCountSince4132() {
        assertThat(RefCountEncoding.EVEN_ODD.realCount(2)).isEqualTo(1);
        assertThat(RefCountEncoding.EVEN_ODD.realCount(6)).isEqualTo(3);
        assertThat(RefCountEncoding.EVEN_ODD.isLive(2)).isTrue();
    }

    @Test
    void anOddRawValueIsReleasedSince4132() {
        assertThat(RefCountEncoding.EVEN_ODD.realCount(1)).isZero();
        assertThat(RefCountEncoding.EVEN_ODD.realCount(7)).isZero();
        assertThat(RefCountEncoding.EVEN_ODD.isLive(1)).isFalse();
    }

    @Test
    void theRawValueIsTheCountUpTo4131() {
        assertThat(RefCountEncoding.PLAIN.realCount(1)).isEqualTo(1);
        assertThat(RefCountEncoding.PLAIN.realCount(0)).isZero();
        assertThat(RefCountEncoding.PLAIN.isLive(3)).isTrue();
    }
}
