package dev.nettyforensics.report;

import java.io.IOException;
import java.io.Writer;

/** One output format of a {@link Report}. Implementations are stateless and thread safe. */
public interface ReportRenderer {
    /** The {@code --format} name, e.g. {@code json}. */
    String formatName();

    /** Writes the whole report; the same report always gives the same characters. */
    void render(Report report, Writer out) throws IOException;
}
