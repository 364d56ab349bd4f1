package dev.fullecs.emulator.job;

/** A job's status, with the names Huawei's ECS and IMS give them. */
public enum JobStatus {
  INIT,
  RUNNING,
  SUCCESS,
  FAIL
}
