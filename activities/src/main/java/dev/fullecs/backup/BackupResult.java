package dev.fullecs.backup;

/** An available CBR backup. */
public record BackupResult(String backupId, int sizeGib, boolean incremental) {}
