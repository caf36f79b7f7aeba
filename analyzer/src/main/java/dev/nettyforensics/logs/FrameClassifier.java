package dev.nettyforensics.logs;

import dev.nettyforensics.log.StackFrame;
import java.util.List;
import java.util.regex.Pattern;

/**
 * Normalises frames for signatures (log-formats.md §3: no line numbers, generated-class markers
 * collapsed to {@code <auto>}, shaded Netty mapped to {@code io.netty.}) and tells application
 * frames from framework frames: with {@code --app-package} prefixes, a frame is in-app when it
 * starts with one of them; without, when it is not in the framework list. Immutable, thread safe.
 */
public final class FrameClassifier {
    /** Framework packages: frames here are never "the application's". */
    public static final List<String> FRAMEWORK_PREFIXES = List.of(
        "java.", "javax.", "jakarta.", "jdk.", "sun.", "com.sun.", "io.netty.", "reactor.", "io.projectreactor.",
        "org.springframework.", "io.vertx.", "io.grpc.", "kotlin.", "kotlinx.", "scala.", "akka.",
        "org.apache.catalina.", "org.apache.tomcat.", "org.apache.coyote.", "org.eclipse.jetty.", "io.undertow.",
        "ch.qos.logback.", "org.apache.logging.", "org.slf4j.", "com.google.common.", "io.micrometer.",
        "com.fasterxml.jackson.", "io.reactivex.", "org.jboss.", "io.quarkus.", "io.micronaut.", "org.junit.",
        "com.intellij.", "org.gradle.", "org.apache.maven.");

    private static final Pattern[] GENERATED = {
        Pattern.compile("\\$\\$Lambda(\\$\\d+)?/(0x)?[0-9a-fA-F]+"),
        Pattern.compile("\\$\\$Lambda\\$\\d+"),
        Pattern.compile("\\$\\$(EnhancerBySpringCGLIB|FastClassBySpringCGLIB|EnhancerByCGLIB|FastClassByCGLIB|SpringCGLIB)\\$\\$[0-9a-fA-F]+(_\\d+)?"),
        Pattern.compile("(GeneratedMethodAccessor|GeneratedConstructorAccessor|GeneratedSerializationConstructorAccessor)\\d+"),
        Pattern.compile("\\$Proxy\\d+"),
        Pattern.compile("jdk\\.proxy\\d+"),
        Pattern.compile("\\$(ByteBuddy|HibernateProxy|MockitoMock)\\$[0-9A-Za-z]+"),
        Pattern.compile("_\\$\\$_javassist(_seam)?_\\d+"),
    };
    private static final String[] GENERATED_REPLACEMENT = {
        "\\$\\$Lambda\\$<auto>", "\\$\\$Lambda\\$<auto>", "\\$\\$$1\\$\\$<auto>", "$1<auto>", "\\$Proxy<auto>",
        "jdk.proxy<auto>", "\\$$1\\$<auto>", "_\\$\\$_javassist<auto>",
    };
    private static final Pattern LAMBDA_METHOD = Pattern.compile("^lambda\\$(.*)\\$\\d+$");

    private final List<String> appPackages;

    /** @param appPackages the user's {@code --app-package} prefixes, not null, may be empty */
    public FrameClassifier(List<String> appPackages) {
        this.appPackages = appPackages.stream().map(p -> p.endsWith(".") ? p : p + ".").toList();
    }

    /** Class name with shading and generated-class markers normalised. */
    public static String normaliseClass(String className) {
        String c = className;
        int shaded = c.indexOf(".io.netty.");
        if (shaded > 0) {
            c = c.substring(shaded + 1);
        } else if (c.startsWith("org.python.netty.")) {
            c = "io.netty." + c.substring("org.python.netty.".length());
        }
        if (c.indexOf('$') >= 0 || c.contains("Generated") || c.contains("jdk.proxy")) {
            for (int i = 0; i < GENERATED.length; i++) {
                c = GENERATED[i].matcher(c).replaceAll(GENERATED_REPLACEMENT[i]);
            }
        }
        return c;
    }

    /** {@code class.method}, normalised: what a signature hashes. */
    public static String key(StackFrame frame) {
        String method = frame.methodName();
        if (method.startsWith("lambda$")) {
            method = LAMBDA_METHOD.matcher(method).replaceAll("lambda\\$$1\\$<auto>");
        }
        return normaliseClass(frame.className()) + "." + method;
    }

    /** True when the frame belongs to the application rather than to a framework or the JDK. */
    public boolean inApp(StackFrame frame) {
        String c = normaliseClass(frame.className());
        if (!appPackages.isEmpty()) {
            for (String p : appPackages) {
                if (c.startsWith(p)) {
                    return true;
                }
            }
            return false;
        }
        for (String p : FRAMEWORK_PREFIXES) {
            if (c.startsWith(p)) {
                return false;
            }
        }
        return true;
    }

    /** The first in-app frame, or null. */
    public StackFrame firstInApp(List<StackFrame> frames) {
        for (StackFrame f : frames) {
            if (inApp(f)) {
                return f;
            }
        }
        return null;
    }
}
