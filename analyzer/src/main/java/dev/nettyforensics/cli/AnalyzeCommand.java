package dev.nettyforensics.cli;

import dev.nettyforensics.input.InputKind;
import dev.nettyforensics.input.SniffedInput;
import dev.nettyforensics.log.LogFileSummary;
import dev.nettyforensics.logs.LogAnalysisOptions;
import dev.nettyforensics.logs.LogAnalyzer;
import dev.nettyforensics.report.JsonRenderer;
import dev.nettyforensics.report.LogOnlyReports;
import dev.nettyforensics.report.Report;
import dev.nettyforensics.report.ReportRenderer;
import dev.nettyforensics.report.TextRenderer;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.Charset;
import java.nio.charset.IllegalCharsetNameException;
import java.nio.charset.UnsupportedCharsetException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
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

    @Option(names = "--format", paramLabel = "FORMAT", defaultValue = "text",
        description = "Output on stdout: text (default) or json (the report contract, schemaVersion 1).")
    private String format;

    @Option(names = "--log-charset", paramLabel = "CHARSET",
        description = "Charset of the logs (e.g. GBK, ISO-8859-1); default: detected per file (UTF-8, GB18030,"
            + " ISO-8859-1, BOM).")
    private String logCharset;

    @Option(names = "--app-package", paramLabel = "PREFIX", split = ",",
        description = "Package prefix of the application's own code (repeatable). Frames under it are in-app;"
            + " default: everything outside a built-in list of frameworks.")
    private List<String> appPackages = new ArrayList<>();

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        ReportRenderer renderer = renderer();
        Charset charset = charset();
        InputResolver.Resolution resolution;
        try {
            resolution = InputResolver.resolve(inputs);
        } catch (BadInputException e) {
            err.println(BuildVersion.TOOL_NAME + ": " + e.oneLine());
            return ExitCode.BAD_INPUT.code();
        }
        List<Path> logs = new ArrayList<>();
        int dumps = 0;
        for (SniffedInput input : resolution.inputs()) {
            if (input.kind() == InputKind.HEAP_DUMP) {
                dumps++;
            } else {
                logs.add(input.path());
            }
        }
        LogAnalyzer.Result logResult = logs.isEmpty() ? null
            : LogAnalyzer.analyze(logs, new LogAnalysisOptions(charset, appPackages));
        Map<Path, LogFileSummary> summaries = new HashMap<>();
        if (logResult != null) {
            logResult.files().forEach(s -> summaries.put(s.file(), s));
        }
        List<Report.Input> reportInputs = new ArrayList<>();
        for (SniffedInput input : resolution.inputs()) {
            reportInputs.add(reportInput(input, summaries.get(input.path())));
        }
        Report report = LogOnlyReports.build(new Report.Tool(BuildVersion.TOOL_NAME, BuildVersion.toolVersion()),
            reportInputs, logResult, dumps);
        if (!resolution.skipped().isEmpty()) {
            List<Report.Diagnostic> diagnostics = new ArrayList<>(report.diagnostics());
            for (SniffedInput skipped : resolution.skipped()) {
                diagnostics.add(new Report.Diagnostic("info", "skipped " + skipped.path() + ": " + skipped.reason()));
            }
            report = new Report(report.schemaVersion(), report.tool(), report.inputs(), report.verdict(),
                report.directMemory(), report.sites(), report.channels(), report.logs(), diagnostics);
        }
        try {
            renderer.render(report, out);
        } catch (IOException e) {
            err.println(BuildVersion.TOOL_NAME + ": cannot write the report (" + e.getMessage() + ")");
            return ExitCode.INTERNAL_ERROR.code();
        }
        return ExitCode.OK.code();
    }

    private ReportRenderer renderer() {
        return switch (format) {
            case "text" -> new TextRenderer();
            case "json" -> new JsonRenderer();
            default -> throw new ParameterException(spec.commandLine(),
                "--format: unknown format '" + format + "' (choose text or json)");
        };
    }

    private Charset charset() {
        if (logCharset == null) {
            return null;
        }
        try {
            return Charset.forName(logCharset);
        } catch (IllegalCharsetNameException | UnsupportedCharsetException e) {
            throw new ParameterException(spec.commandLine(), "--log-charset: unknown charset '" + logCharset + "'");
        }
    }

    private static Report.Input reportInput(SniffedInput input, LogFileSummary summary) {
        long size;
        String sha;
        List<String> notes = new ArrayList<>();
        try {
            size = Files.size(input.path());
            sha = Sha256.of(input.path());
        } catch (IOException e) {
            size = -1;
            sha = null;
            notes.add("cannot be read again (" + e.getMessage() + ")");
        }
        if (input.gzipped()) {
            notes.add("gzip-compressed");
        }
        boolean truncated = false;
        if (input.kind() == InputKind.HEAP_DUMP) {
            notes.add("recognised as a heap dump; heap analysis is not in this build yet, so it was not read");
        } else if (summary != null) {
            notes.addAll(LogOnlyReports.notesFor(summary));
            truncated = summary.truncated();
        }
        return new Report.Input(input.path().toString(), input.kind() == InputKind.HEAP_DUMP ? "heap-dump" : "log",
            size, sha, truncated, notes);
    }
}
