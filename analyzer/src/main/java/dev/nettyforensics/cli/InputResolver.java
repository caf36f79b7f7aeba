package dev.nettyforensics.cli;

import dev.nettyforensics.input.InputKind;
import dev.nettyforensics.input.InputSniffer;
import dev.nettyforensics.input.SniffedInput;
import java.io.IOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.DirectoryStream;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.PathMatcher;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;

/**
 * Turns the user's INPUT arguments (files, folders, globs the shell did not expand) into
 * recognised inputs, judged by content (DESIGN §2).
 *
 * <p>A file named directly must be usable, or the run stops with one line: a missing file, an
 * unreadable one, or one that is neither a heap dump nor text. Inside a folder, files that are not
 * recognised are skipped and listed in {@link Resolution#skipped()}; a folder with nothing usable
 * stops the run. Reads only the first bytes of each file.
 */
public final class InputResolver {
    /** Folders are walked this deep: enough for {@code logs/2019/01/21/}, not a whole disk. */
    private static final int MAX_FOLDER_DEPTH = 4;

    /**
     * @param inputs  recognised files in argument order, folder contents sorted by name, no duplicates
     * @param skipped files inside folders that were not used, with the reason
     */
    public record Resolution(List<SniffedInput> inputs, List<SniffedInput> skipped) {
        public Resolution {
            inputs = List.copyOf(inputs);
            skipped = List.copyOf(skipped);
        }
    }

    private InputResolver() {}

    public static Resolution resolve(List<String> arguments) throws BadInputException {
        Set<Path> seen = new LinkedHashSet<>();
        List<SniffedInput> inputs = new ArrayList<>();
        List<SniffedInput> skipped = new ArrayList<>();
        for (String argument : arguments) {
            Path path = Path.of(argument);
            if (Files.isDirectory(path)) {
                List<SniffedInput> found = new ArrayList<>();
                for (Path file : filesUnder(argument, path)) {
                    if (!seen.add(file.toAbsolutePath().normalize())) {
                        continue;
                    }
                    SniffedInput sniffed = sniffQuietly(file);
                    (sniffed.recognised() ? found : skipped).add(sniffed);
                }
                if (found.isEmpty()) {
                    throw new BadInputException(argument, "folder holds no heap dump or readable log");
                }
                inputs.addAll(found);
            } else if (Files.exists(path)) {
                if (seen.add(path.toAbsolutePath().normalize())) {
                    inputs.add(sniffNamedFile(argument, path));
                }
            } else if (looksLikeGlob(argument)) {
                List<Path> matches = expandGlob(argument);
                if (matches.isEmpty()) {
                    throw new BadInputException(argument, "no file matches this pattern");
                }
                for (Path file : matches) {
                    if (seen.add(file.toAbsolutePath().normalize())) {
                        inputs.add(sniffNamedFile(file.toString(), file));
                    }
                }
            } else {
                throw new BadInputException(argument, "no such file or folder");
            }
        }
        return new Resolution(inputs, skipped);
    }

    private static SniffedInput sniffNamedFile(String argument, Path path) throws BadInputException {
        if (!Files.isRegularFile(path)) {
            throw new BadInputException(argument, "not a regular file");
        }
        if (!Files.isReadable(path)) {
            throw new BadInputException(argument, "permission denied");
        }
        SniffedInput sniffed;
        try {
            sniffed = InputSniffer.sniff(path);
        } catch (AccessDeniedException e) {
            throw new BadInputException(argument, "permission denied");
        } catch (IOException e) {
            throw new BadInputException(argument, "cannot be read (" + e.getMessage() + ")");
        }
        if (!sniffed.recognised()) {
            throw new BadInputException(argument, sniffed.reason());
        }
        return sniffed;
    }

    private static SniffedInput sniffQuietly(Path file) {
        try {
            if (!Files.isReadable(file)) {
                return new SniffedInput(file, InputKind.UNRECOGNISED, false, "permission denied");
            }
            return InputSniffer.sniff(file);
        } catch (IOException e) {
            return new SniffedInput(file, InputKind.UNRECOGNISED, false,
                "cannot be read (" + e.getMessage() + ")");
        }
    }

    private static List<Path> filesUnder(String argument, Path folder) throws BadInputException {
        try (Stream<Path> files = Files.walk(folder, MAX_FOLDER_DEPTH)) {
            return files.filter(Files::isRegularFile)
                .filter(p -> !p.getFileName().toString().startsWith("."))
                .sorted()
                .toList();
        } catch (AccessDeniedException | java.io.UncheckedIOException e) {
            throw new BadInputException(argument, "folder cannot be listed (permission denied)");
        } catch (IOException e) {
            throw new BadInputException(argument, "folder cannot be listed (" + e.getMessage() + ")");
        }
    }

    private static boolean looksLikeGlob(String argument) {
        return argument.indexOf('*') >= 0 || argument.indexOf('?') >= 0 || argument.indexOf('[') >= 0
            || argument.indexOf('{') >= 0;
    }

    /** Expands a glob in its last path element only (what users quote: {@code 'logs/gateway.log*'}). */
    private static List<Path> expandGlob(String argument) throws BadInputException {
        Path parent = Path.of(argument).getParent();
        if (parent != null && looksLikeGlob(parent.toString())) {
            throw new BadInputException(argument, "wildcards are supported in the file name only");
        }
        Path dir = parent == null ? Path.of(".") : parent;
        String namePattern = Path.of(argument).getFileName().toString();
        PathMatcher matcher = FileSystems.getDefault().getPathMatcher("glob:" + namePattern);
        List<Path> matches = new ArrayList<>();
        try (DirectoryStream<Path> entries = Files.newDirectoryStream(dir)) {
            for (Path entry : entries) {
                if (Files.isRegularFile(entry) && matcher.matches(entry.getFileName())) {
                    matches.add(parent == null ? entry.getFileName() : entry);
                }
            }
        } catch (NoSuchFileException e) {
            throw new BadInputException(argument, "no such folder: " + dir);
        } catch (IOException e) {
            throw new BadInputException(argument, "folder cannot be listed (" + e.getMessage() + ")");
        }
        matches.sort(null);
        return matches;
    }
}
