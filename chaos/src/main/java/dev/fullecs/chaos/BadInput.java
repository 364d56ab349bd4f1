package dev.fullecs.chaos;

/**
 * Input the starter refuses, sent straight to Temporal as someone with access to the namespace
 * could (the Temporal CLI, the Web UI, a client of their own). The workflow must check it itself:
 * FAILED VALIDATION_FAILED with the rule's code, nothing created (F2).
 */
enum BadInput {
  /** A maintenance window that does not parse. */
  UNPARSEABLE_WINDOW("maintenance window '90 minutes'", "MAINTENANCE_WINDOW_INVALID"),
  /** The image disclaimer not accepted. */
  NO_AGREEMENT("the disclaimer not accepted", "AGREEMENT_NOT_ACCEPTED"),
  /** A server that does not exist. */
  UNKNOWN_SERVER("server ecs-nope, which does not exist", "ECS_NOT_FOUND");

  static final String UNPARSEABLE = "90 minutes";
  static final String UNKNOWN_SERVER_ID = "ecs-nope";

  final String what;
  /** The rule the failure must name. */
  final String rule;

  BadInput(String what, String rule) {
    this.what = what;
    this.rule = rule;
  }
}
