/**
 * Log forensics: {@link dev.nettyforensics.logs.LogAnalyzer} turns the records of a set of logs
 * into {@link dev.nettyforensics.logs.LogEvent}s (direct-memory OOMs, Netty LEAK reports,
 * tail-of-pipeline exceptions, discarded messages, channel lifecycle lines, {@code -Dio.netty.*}
 * settings, restarts) and groups them by signature into {@link dev.nettyforensics.logs.LogFindings},
 * the {@code logs} section of the report.
 */
package dev.nettyforensics.logs;
