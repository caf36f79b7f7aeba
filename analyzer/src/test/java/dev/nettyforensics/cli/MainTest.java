package dev.nettyforensics.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class MainTest {
    @TempDir
    Path dir;

    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();

    private int run(String... args) {
        return Main.run(new PrintWriter(out), new PrintWriter(err), args);
    }

    @Test
    void helpListsUsageAndExitCodes() {
        assertThat(run("--help")).isZero();
        assertThat(out.toString()).contains("Usage: analyze", "INPUT", "Exit codes:", "3", "unreadable or malformed input");
    }

    @Test
    void versionNamesToolAndJavaRuntime() {
        assertThat(run("--version")).isZero();
        assertThat(out.toString())
            .contains("netty-forensics ")
            .contains("Java " + System.getProperty("java.version"));
    }

    @Test
    void noInputIsAUsageError() {
        assertThat(run()).isEqualTo(2);
        assertThat(err.toString()).contains("INPUT");
    }

    @Test
    void missingFileIsOneLineAndExitCode3() {
        Path missing = dir.resolve("nope.hprof");
        assertThat(run(missing.toString())).isEqualTo(3);
        assertThat(err.toString().strip()).isEqualTo("netty-forensics: " + missing + ": no such file or folder");
    }

    @Test
    void pngImageIsRejectedWithOneLine() throws IOException {
        Path png = dir.resolve("screenshot.hprof");
        ImageIO.write(new BufferedImage(4, 4, BufferedImage.TYPE_INT_RGB), "png", png.toFile());
        assertThat(run(png.toString())).isEqualTo(3);
        assertThat(err.toString().strip()).isEqualTo("netty-forensics: " + png + ": a PNG image, neither a heap dump nor a log");
    }

    @Test
    void emptyFileIsRejected() throws IOException {
        Path empty = Files.createFile(dir.resolve("gateway.log"));
        assertThat(run(empty.toString())).isEqualTo(3);
        assertThat(err.toString()).contains("file is empty").doesNotContain("Exception");
    }

    @Test
    void folderWithNothingReadableIsRejected() throws IOException {
        Path folder = Files.createDirectory(dir.resolve("evidence"));
        ImageIO.write(new BufferedImage(4, 4, BufferedImage.TYPE_INT_RGB), "png", folder.resolve("a.png").toFile());
        assertThat(run(folder.toString())).isEqualTo(3);
        assertThat(err.toString().strip()).isEqualTo("netty-forensics: " + folder + ": folder holds no heap dump or readable log");
    }

    @Test
    void logsInAFolderAreRecognisedAndBinariesSkipped() throws IOException {
        Path folder = Files.createDirectory(dir.resolve("logs"));
        Files.writeString(folder.resolve("gateway.log"),
            "2019-01-21 14:55:09,108 nioEventLoopGroup-3-3 WARN [DefaultChannelPipeline:151] hello\n",
            StandardCharsets.UTF_8);
        ImageIO.write(new BufferedImage(4, 4, BufferedImage.TYPE_INT_RGB), "png", folder.resolve("chart.png").toFile());
        assertThat(run(folder.toString())).isZero();
        assertThat(out.toString()).contains("log       " + folder.resolve("gateway.log"))
            .contains("skipped " + folder.resolve("chart.png"));
    }

    @Test
    void unmatchedGlobIsRejected() {
        String glob = dir.resolve("gateway.log*").toString();
        assertThat(run(glob)).isEqualTo(3);
        assertThat(err.toString()).contains("no file matches this pattern");
    }

    @Test
    void globIsExpandedWhenTheShellDidNot() throws IOException {
        Files.writeString(dir.resolve("gateway.log"), "line one\n");
        Files.writeString(dir.resolve("gateway.log.1"), "line zero\n");
        assertThat(run(dir.resolve("gateway.log*").toString())).isZero();
        assertThat(out.toString()).contains("gateway.log (").contains("gateway.log.1 (");
    }
}
