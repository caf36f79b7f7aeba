package dev.nettyforensics.report;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import java.io.IOException;
import java.io.Writer;

/**
 * The JSON contract (DESIGN §5) via Jackson: fields in record order, map keys sorted, control
 * characters escaped as {@code \\uXXXX}, no run timestamps, so the same inputs give byte-identical
 * output. Thread safe.
 */
public final class JsonRenderer implements ReportRenderer {
    private static final ObjectMapper MAPPER = JsonMapper.builder()
        .enable(SerializationFeature.INDENT_OUTPUT)
        .enable(SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS)
        .disable(JsonGenerator.Feature.AUTO_CLOSE_TARGET)
        .build();

    @Override
    public String formatName() {
        return "json";
    }

    @Override
    public void render(Report report, Writer out) throws IOException {
        MAPPER.writeValue(out, report);
        out.write("\n");
        out.flush();
    }
}
