package dev.fullecs.chaos;

/** What a planned creation is for, and so how it is expected to end. */
enum Kind {
  /** A healthy generated server: COMPLETED (or failed per F14 if a step exhausts its retries). */
  PLAIN,
  /** A healthy server of the default inventory: as {@link #PLAIN}. */
  INVENTORY,
  /** Cancelled at a random moment: CANCELED per F11 (COMPLETED if it finished first). */
  CANCEL,
  /** A 1-minute window on a server whose snapshots take longer: FAILED MAINTENANCE_WINDOW_EXCEEDED (F12). */
  WINDOW_EXPIRES,
  /** A server that breaks an F2 rule: FAILED VALIDATION_FAILED, nothing created. */
  INVALID,
  /** Two creations of one server started together: one gets the lock, the other is refused (F16). */
  LOCK_RACE
}
