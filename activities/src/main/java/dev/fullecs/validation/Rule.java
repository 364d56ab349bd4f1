package dev.fullecs.validation;

import dev.fullecs.contract.ImageWorkflows;
import dev.fullecs.contract.Violation;

/**
 * The table of rules a creation request is checked against (F1, F2, F3, F17): one stable code per
 * rule, the spec id it comes from, and the remedy where one exists. The same codes are reported by
 * {@code starter validate}, by the workflow's validation, and by a lost lock race (F3).
 */
public enum Rule {
  TENANT_MISSING("F1", null),
  TENANT_INVALID("F22", "use the tenant's id: " + ImageWorkflows.TENANT_RULE),
  SOURCE_MISSING("F1", "give the ECS to image, or a CBR server backup (F17)"),
  SOURCE_AMBIGUOUS("F1", "give either an ECS or a CBR backup, not both"),
  REGION_MISSING("F1", "name the region the ECS is in, e.g. cn-north-4"),
  REGION_UNKNOWN("F1", null),
  ECS_NOT_FOUND("F2", null),
  ECS_WRONG_REGION("F2", "name the region the ECS is in"),
  ECS_IS_BMS("F2", null),
  ECS_STATE_INVALID("F2", "wait until the ECS is Running or Stopped"),
  ECS_DATABASE_RUNNING("F2", "stop the ECS, then create the image"),
  ECS_CONFIG_CHECK_FAILED(
      "F2",
      "fix the failed items (see 'How Do I Configure an ECS, BMS, or Image File Before I Use It to"
          + " Create an Image?')"),
  ECS_SPANNED_VOLUME("F2", null),
  ECS_SAN_POLICY_NOT_ONLINE_ALL(
      "F2",
      "in cmd.exe run diskpart, then san to view the policy, then san policy=onlineall, then exit"),
  ECS_MULTI_DISK_LOGICAL_VOLUME("F2", null),
  ECS_DSS_DISK("F2", "detach the DSS disk from the ECS first"),
  ECS_LOCKED(
      "F2, F3",
      "wait for that creation to finish, or delete the image being created to unlock the ECS"),
  VAULT_NOT_FOUND("F2", null),
  VAULT_WRONG_REGION("F2", "use a server backup vault in the region of the ECS"),
  VAULT_NOT_BACKUP("F2", "use a vault whose protection type is Backup"),
  VAULT_NOT_SERVER("F2", "use a server backup vault (object type server)"),
  VAULT_CAPACITY_INSUFFICIENT("F2", "expand the vault or free space in it"),
  IMAGE_NAME_INVALID(
      "F2",
      "use 1 to 128 letters, digits, spaces, '-', '_' or '.', not starting or ending with a space"),
  IMAGE_NAME_TAKEN("F2", "choose another name"),
  TAGS_TOO_MANY("F2", "keep at most 20 tags"),
  TAG_KEY_INVALID(
      "F2",
      "a tag key has 1 to 36 characters, none of = * < > \\ , | /, and does not start or end with"
          + " a space"),
  TAG_VALUE_INVALID(
      "F2",
      "a tag value has 0 to 43 characters, none of = * < > \\ , | /, and does not start or end"
          + " with a space"),
  TAG_KEY_DUPLICATE("F2", "give each tag key once"),
  TAG_REQUIRED_MISSING("F2", "add the tags your organization's tag policy requires"),
  ENTERPRISE_PROJECT_NOT_FOUND("F2", null),
  AGREEMENT_NOT_ACCEPTED("F2", "read and accept the image disclaimer"),
  MAINTENANCE_WINDOW_INVALID("F12", "give a duration from 1m to 7d, e.g. 30m, 2h, 1h30m or PT30M"),
  BACKUP_NOT_FOUND("F17", null),
  BACKUP_NOT_AVAILABLE("F17", "wait until the backup is available"),
  BACKUP_VAULT_MISMATCH("F17", "give the vault the backup is stored in"),
  BACKUP_ALREADY_USED("F17", "one CBR backup makes only one full-ECS image; use another backup");

  private final String specId;
  private final String remedy;

  Rule(String specId, String remedy) {
    this.specId = specId;
    this.remedy = remedy;
  }

  /** The stable code, e.g. {@code ECS_LOCKED}. */
  public String code() {
    return name();
  }

  /** The spec rule(s) this comes from, e.g. {@code F2}. */
  public String specId() {
    return specId;
  }

  /** What the user can do about it, or null. */
  public String remedy() {
    return remedy;
  }

  public Violation violation(String message) {
    return new Violation(code(), message, remedy);
  }
}
