package dev.nettyforensics.cli;

import dev.nettyforensics.input.InputKind;
import dev.nettyforensics.input.SniffedInput;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code bin/analyze [OPTIONS] INPUT...}: heap dumps and logs in any order. */
@Command(
    name = "analyze",
    mixinStandardHelpOptions = true,
    versionProvider = BuildVersion.class,
    sortOptions = false,
    usageHelpAutoWidth = true,
    header = "Post-mortem analysis of Netty direct-memory leaks from heap dumps and gateway logs.",
    description = "%nInputs are recognised by content: an HPROF header (plain or gzipped) is a heap dump,"
        + " anything else readable as text is a log. Folders are searched for both; quote globs such as"
        + " 'logs/gateway.log*' to let the tool expand them. Nothing is ever written next to the inputs,"
        + " and no network connection is opened.%n",
    exitCodeListHeading = "%nExit codes:%n",
    exitCodeList = {
        " 0:analysis finished",
        " 1:internal error (please report)",
        " 2:usage error",
        " 3:unreadable or malformed input",
        " 4:leak found (with --fail-on-leak)",
    })
public final class AnalyzeCommand implements Callable<Integer> {
    @Spec
    private CommandSpec spec;

    @Parameters(arity = "1..*", paramLabel = "INPUT",
        description = "Heap dumps (.hprof, .hprof.gz, truncated too) and logs (files, rotated sets,"
            + " .gz, folders, globs).")
    private List<String> inputs;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        InputResolver.Resolution resolution;
        try {
            resolution = InputResolver.resolve(inputs);
        } catch (BadInputException e) {
            err.println(BuildVersion.TOOL_NAME + ": " + e.oneLine());
            return ExitCode.BAD_INPUT.code();
        }
        out.println("Inputs recognised:");
        for (SniffedInput input : resolution.inputs()) {
            out.printf("  %-9s %s%s (%s)%n", input.kind() == InputKind.HEAP_DUMP ? "heap dump" : "log",
                input.path(), input.gzipped() ? " [gzip]" : "", sizeOf(input));
        }
        for (SniffedInput skipped : resolution.skipped()) {
            out.printf("  skipped   %s: %s%n", skipped.path(), skipped.reason());
        }
        // The analysis itself lands with the HPROF engine, Netty model and log issues; until then
        // say so plainly rather than print anything that looks like a result.
        out.println("No analysis is performed by this build yet: only input recognition is implemented.");
        return ExitCode.OK.code();
    }

    private static String sizeOf(SniffedInput input) {
        try {
            return ByteSize.human(Files.size(input.path()));
        } catch (IOException e) {
            return "size unknown";
        }
    }
}
