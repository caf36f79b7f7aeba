package dev.nettyforensics.logs;

import static org.assertj.core.api.Assertions.assertThat;

import dev.nettyforensics.fixtures.Fixture;
import dev.nettyforensics.fixtures.Fixtures;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * A real gateway log full of LEAK reports, OOM traces and channel lines, mangled with a fixed seed
 * (bytes flipped, lines cut, garbage and NUL runs spliced in, the file truncated): the analysis
 * must finish without an exception and without an internal-error diagnostic.
 */
class MangledLogsTest {
    @TempDir
    Path dir;

    @ParameterizedTest(name = "seed {0}")
    @ValueSource(ints = {1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12})
    void mangledRealLogNeverBreaksTheAnalysis(int seed) throws IOException {
        Fixture fixture = Fixtures.scenario(Fixtures.ORPHANED_OOM, Fixtures.NETTY_RECENT_41);
        byte[] original = Files.readAllBytes(fixture.log());
        Random random = new Random(seed);
        byte[] mangled = original.clone();
        for (int i = 0; i < 200; i++) {
            int at = random.nextInt(mangled.length);
            switch (random.nextInt(4)) {
                case 0 -> mangled[at] = (byte) random.nextInt(256);
                case 1 -> mangled[at] = '\n';
                case 2 -> mangled[at] = 0;
                default -> mangled[at] = (byte) "[]():#\t .-{}\"\\".charAt(random.nextInt(14));
            }
        }
        int cut = mangled.length / 2 + random.nextInt(mangled.length / 2);
        Path log = Files.write(dir.resolve("mangled-" + seed + ".log"), java.util.Arrays.copyOf(mangled, cut));
        LogAnalyzer.Result result = LogAnalyzer.analyze(List.of(log), LogAnalysisOptions.DEFAULTS);
        assertThat(result.diagnostics()).noneSatisfy(d -> assertThat(d.message()).contains("could not be interpreted"));
        assertThat(result.findings().leakDetection().reports()).isPositive();
    }
}
