package dev.fullecs.emulator.server;

/** One disk a full-ECS image holds: the source server's disk it was taken of, and its size. */
public record ImageDisk(String sourceDiskId, int sizeGib) {}
