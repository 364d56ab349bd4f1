package dev.fullecs.chaos;

/** What a planned creation is for, and so how it is expected to end. */
enum Kind {
  /** A healthy generated server: COMPLETED. */
  PLAIN,
  /** A healthy server of the default inventory: as {@link #PLAIN}. */
  INVENTORY,
  /** Cancelled at a random moment: CANCELED per F11 (COMPLETED if it finished first). */
  CANCEL,
  /**
   * A server of 16 large disks, started first, cancelled once the cloud has come back slow after the
   * outage: its cleanup makes more slow calls than any fixed timeout allows. As {@link #CANCEL}.
   */
  SLOW_CLEANUP,
  /**
   * From an available CBR backup (F17), started when the cloud has come back slow, cancelled while
   * its image record is being made: CANCELED with the image DELETED per F11 (COMPLETED if it finished first).
   */
  BACKUP_CANCEL,
  /** A 1-minute window on a server whose snapshots take longer: FAILED MAINTENANCE_WINDOW_EXCEEDED (F12). */
  WINDOW_EXPIRES,
  /**
   * A 1-minute window that runs out during its snapshot, extended in the last seconds of the
   * window or just after: COMPLETED when the extension is accepted, FAILED
   * MAINTENANCE_WINDOW_EXCEEDED when it is refused; never accepted and then exceeded (F12).
   */
  WINDOW_EXTEND,
  /** A server that breaks an F2 rule: FAILED VALIDATION_FAILED, nothing created. */
  INVALID,
  /**
   * Bad input started directly on Temporal, past the starter's checks ({@link BadInput}): FAILED
   * VALIDATION_FAILED naming the rule, nothing created, never a workflow task failing forever (F2).
   */
  BAD_INPUT,
  /** Two creations of one server started together: one gets the lock, the other is refused (F16). */
  LOCK_RACE;

  /** Kinds whose creations never lock a server: no tenant pokes at their servers. */
  boolean locks() {
    return this != INVALID && this != BAD_INPUT && this != BACKUP_CANCEL;
  }

  /** Kinds whose end depends on whether their cancel reached them. */
  boolean cancelled() {
    return this == CANCEL || this == SLOW_CLEANUP || this == BACKUP_CANCEL;
  }
}
