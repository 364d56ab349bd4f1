package dev.fullecs.contract;

/** The steps of a creation, in order, as the progress query and the starter name them. */
public enum Step {
  VALIDATE,
  LOCK_ECS,
  CREATE_IMAGE_RECORD,
  SNAPSHOT_DISKS,
  IMAGE_AVAILABLE_IN_AZ,
  BACKUP_SERVER,
  IMAGE_NORMAL_IN_REGION,
  UNLOCK_ECS,
  CLEANUP,
  DONE
}
