package dev.fullecs.emulator.job;

/**
 * A job as it is at a moment: its status, when it ended (null while it runs), how far it is
 * (0-100), and why it failed (null unless it did).
 */
public record JobState(JobStatus status, Long endMs, int percent, String failReason) {}
