/**
 * Reading gateway logs (JDK only): {@link dev.nettyforensics.log.LogReader} streams one file into
 * records split by the header rule, with provenance; {@link dev.nettyforensics.log.LogFileSet}
 * orders rotated sets by time; {@link dev.nettyforensics.log.ThrowableParser} and
 * {@link dev.nettyforensics.log.LeakReportParser} read the two multi-line grammars that matter (JDK
 * throwables as Logback and Log4j2 print them, and Netty's {@code LEAK:} reports of all three eras).
 *
 * <p>Nothing here interprets events; that is {@code dev.nettyforensics.logs} in the analyzer. See
 * {@code shared/reference/log-formats.md} for the layouts and message formats this follows.
 */
package dev.nettyforensics.log;
