package dev.nettyforensics.heap;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

class HeapScratchSpaceTest {
    @Test
    void aTempFolderWithoutRoomIsOneLineNamingTheFolderAndTheSetting() {
        Path dir = Path.of("/var/tmp/small");
        assertThatThrownBy(() -> HeapScratchSpace.check(4L << 30, 8L << 30, dir, 1L << 30))
            .isInstanceOf(IOException.class)
            .hasMessage("the temp folder /var/tmp/small has 1.0 GiB free; indexing a 8.0 GiB dump needs up to"
                + " 4.0 GiB of scratch files there (point -Djava.io.tmpdir or -Dnettyforensics.scratch at a folder with room)");
    }

    @Test
    void enoughRoomPasses() {
        assertThatCode(() -> HeapScratchSpace.check(1L << 30, -1, Path.of("/tmp"), 2L << 30)).doesNotThrowAnyException();
    }

    @Test
    void smallDumpsAskNothingOfTheTempFolder() {
        assertThatCode(() -> HeapScratchSpace.checkAfterPassOne(1000, 4000)).doesNotThrowAnyException();
        assertThatCode(() -> HeapScratchSpace.checkBeforePassOne(1 << 20)).doesNotThrowAnyException();
    }

    @Test
    void aDumpBeyondTheIndexLimitIsACapacityErrorWithOneLine() {
        UncheckedIOException e = HeapCapacityException.beyondIndexLimit("references");
        assertThat(e.getCause()).isInstanceOf(HeapCapacityException.class);
        assertThat(e.getCause().getMessage()).startsWith("the dump holds more than 2^31 references;").doesNotContain("\n");
        assertThat(((HeapCapacityException) e.getCause()).neededBytes()).isEqualTo(-1);
    }
}
