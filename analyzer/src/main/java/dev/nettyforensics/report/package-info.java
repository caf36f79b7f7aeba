/**
 * The one immutable {@link dev.nettyforensics.report.Report} an analysis produces (DESIGN §5) and
 * its renderers ({@link dev.nettyforensics.report.TextRenderer} for the terminal,
 * {@link dev.nettyforensics.report.JsonRenderer} for the contract). Renderers read the report and
 * nothing else, and write the same characters for the same report.
 */
package dev.nettyforensics.report;
