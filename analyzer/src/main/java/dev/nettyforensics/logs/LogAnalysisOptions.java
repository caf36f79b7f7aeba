package dev.nettyforensics.logs;

import java.nio.charset.Charset;
import java.util.List;

/**
 * How logs are analysed.
 *
 * @param charset     the user's {@code --log-charset}, or null to detect per file
 * @param appPackages the user's {@code --app-package} prefixes (in-app frames), not null, may be empty
 */
public record LogAnalysisOptions(Charset charset, List<String> appPackages) {
    public static final LogAnalysisOptions DEFAULTS = new LogAnalysisOptions(null, List.of());

    public LogAnalysisOptions {
        appPackages = List.copyOf(appPackages);
    }
}
