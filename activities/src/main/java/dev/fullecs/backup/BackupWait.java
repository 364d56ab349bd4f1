package dev.fullecs.backup;

/** The wait for the CBR backup that {@code startBackup} created (F7). */
public record BackupWait(String tenant, String imageId, String serverId, String backupId) {}
