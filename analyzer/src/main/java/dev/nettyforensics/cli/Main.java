package dev.nettyforensics.cli;

import java.io.PrintWriter;
import java.nio.charset.Charset;
import picocli.CommandLine;

/**
 * Entry point of {@code bin/analyze}. {@link #run} is what tests call, with their own writers;
 * nothing here swaps {@code System.out}.
 */
public final class Main {
    private Main() {}

    public static void main(String... args) {
        PrintWriter out = new PrintWriter(System.out, true, Charset.defaultCharset());
        PrintWriter err = new PrintWriter(System.err, true, Charset.defaultCharset());
        System.exit(run(out, err, args));
    }

    /** Runs one command line and returns its exit code; never throws. */
    public static int run(PrintWriter out, PrintWriter err, String... args) {
        CommandLine cli = new CommandLine(new AnalyzeCommand());
        cli.setOut(out);
        cli.setErr(err);
        cli.setExecutionExceptionHandler((e, commandLine, parseResult) -> {
            err.println(BuildVersion.TOOL_NAME + ": internal error: " + e);
            e.printStackTrace(err);
            err.println("This is a bug in " + BuildVersion.TOOL_NAME + ": please report it with the lines above"
                + " and the output of --version.");
            return ExitCode.INTERNAL_ERROR.code();
        });
        int code = cli.execute(args);
        out.flush();
        err.flush();
        return code;
    }
}
