package dev.nettyforensics.cli;

import dev.nettyforensics.heap.Heap;
import dev.nettyforensics.heap.HeapCapacityException;
import dev.nettyforensics.hprof.HprofFormatException;
import dev.nettyforensics.hprof.HprofOptions;
import dev.nettyforensics.input.InputKind;
import dev.nettyforensics.input.SniffedInput;
import dev.nettyforensics.log.LogFileSummary;
import dev.nettyforensics.leak.LeakAnalysis;
import dev.nettyforensics.logs.LogAnalysisOptions;
import dev.nettyforensics.logs.LogAnalyzer;
import dev.nettyforensics.report.HeapReports;
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
        + " and no network connection is opened. With several heap dumps, each is analysed and the report is"
        + " about the newest (by the time written in the dump); the others are summarised under diagnostics.%n",
    exitCodeListHeading = "%nExit codes:%n",
    exitCodeList = {
        " 0:analysis finished",
        " 1:internal error (please report)",
        " 2:usage error",
        " 3:unreadable or malformed input, or a dump too big for this JVM's heap (the message says which -Xmx"
            + " to use, e.g. NETTY_FORENSICS_JAVA_OPTS=-Xmx8g)",
        " 4:the verdict is a leak (only with --fail-on-leak)",
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

    @Option(names = "--strict",
        description = "Stop at the first malformed record of a heap dump (exit 3) instead of skipping it with a"
            + " diagnostic.")
    private boolean strict;

    @Option(names = "--fail-on-leak",
        description = "Exit with 4 when the verdict is a leak (for scripts and CI); the report is printed as usual.")
    private boolean failOnLeak;

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
        List<HeapReports.AnalysedDump> dumps = new ArrayList<>();
        for (SniffedInput input : resolution.inputs()) {
            if (input.kind() == InputKind.HEAP_DUMP) {
                try {
                    dumps.add(analyseDump(input.path()));
                } catch (IOException e) {
                    // HprofFormatException and HeapCapacityException messages are one line and end with the
                    // offset or the -Xmx advice; anything else is an I/O error on the file.
                    String what = e instanceof HprofFormatException || e instanceof HeapCapacityException
                        ? e.getMessage() : "cannot be read (" + e.getMessage() + ")";
                    err.println(BuildVersion.TOOL_NAME + ": " + input.path() + ": " + what);
                    return ExitCode.BAD_INPUT.code();
                }
            } else {
                logs.add(input.path());
            }
        }
        HeapReports.AnalysedDump reported = dumps.isEmpty() ? null : HeapReports.choose(dumps);
        Map<Path, HeapReports.AnalysedDump> dumpsByPath = new HashMap<>();
        dumps.forEach(d -> dumpsByPath.put(Path.of(d.path()), d));
        LogAnalyzer.Result logResult = logs.isEmpty() ? null
            : LogAnalyzer.analyze(logs, new LogAnalysisOptions(charset, appPackages));
        Map<Path, LogFileSummary> summaries = new HashMap<>();
        if (logResult != null) {
            logResult.files().forEach(s -> summaries.put(s.file(), s));
        }
        List<Report.Input> reportInputs = new ArrayList<>();
        for (SniffedInput input : resolution.inputs()) {
            HeapReports.AnalysedDump dump = dumpsByPath.get(input.path());
            reportInputs.add(reportInput(input, format.equals("json"), summaries.get(input.path()), dump,
                dump == reported));
        }
        Report report = LogOnlyReports.build(new Report.Tool(BuildVersion.TOOL_NAME, BuildVersion.toolVersion()),
            reportInputs, logResult, 0);
        if (reported != null) {
            List<HeapReports.AnalysedDump> others = new ArrayList<>(dumps);
            others.remove(reported);
            report = HeapReports.withHeap(report, reported, others);
        }
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
        if (failOnLeak && report.verdict().kind().equals("leak")) {
            return ExitCode.LEAKS_FOUND.code();
        }
        return ExitCode.OK.code();
    }

    /** Opens, indexes and analyses one dump; the heap is closed before the next dump is opened. */
    private HeapReports.AnalysedDump analyseDump(Path path) throws IOException {
        try (Heap heap = Heap.open(path, strict ? HprofOptions.STRICT : HprofOptions.DEFAULT)) {
            LeakAnalysis analysis = LeakAnalysis.of(heap);
            return new HeapReports.AnalysedDump(path.toString(), heap.header().timestamp(), heap.truncated(),
                heap.truncatedAt(), heap.diagnostics(), analysis);
        }
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

    /**
     * The report's entry for one input. The SHA-256 is computed only for formats that print it (JSON):
     * hashing a 1 GiB dump costs about 1.4 s of CPU, a third of the whole heap analysis, for a value
     * the terminal report does not show.
     */
    private static Report.Input reportInput(SniffedInput input, boolean withHash, LogFileSummary summary,
            HeapReports.AnalysedDump dump, boolean reported) {
        long size;
        String sha;
        List<String> notes = new ArrayList<>();
        try {
            size = Files.size(input.path());
            sha = withHash ? Sha256.of(input.path()) : null;
        } catch (IOException e) {
            size = -1;
            sha = null;
            notes.add("cannot be read again (" + e.getMessage() + ")");
        }
        if (input.gzipped()) {
            notes.add("gzip-compressed");
        }
        boolean truncated = false;
        if (dump != null) {
            notes.addAll(HeapReports.notesFor(dump, reported));
            truncated = dump.truncated();
        } else if (summary != null) {
            notes.addAll(LogOnlyReports.notesFor(summary));
            truncated = summary.truncated();
        }
        return new Report.Input(input.path().toString(), input.kind() == InputKind.HEAP_DUMP ? "heap-dump" : "log",
            size, sha, truncated, notes);
    }
}
