package dev.fullecs.validation;

import dev.fullecs.contract.Violation;

import dev.fullecs.cloud.Backup;
import dev.fullecs.cloud.Disk;
import dev.fullecs.cloud.Image;
import dev.fullecs.cloud.Region;
import dev.fullecs.cloud.Server;
import dev.fullecs.cloud.Vault;
import dev.fullecs.contract.CreateImageRequest;
import dev.fullecs.contract.ImageWorkflows;
import dev.fullecs.contract.MaintenanceWindow;
import dev.fullecs.contract.Tag;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * F2 (and F1, F12, F17): checks a request against the facts read from the cloud and returns every
 * violated rule at once, in the order of {@link Rule}. Pure: no I/O, no clock.
 */
public final class CreationValidator {
  static final int NAME_MAX = 128;
  /** How much of a bad name a message repeats. */
  static final int SHOWN_MAX = 64;
  static final int TAGS_MAX = 20;
  static final int TAG_KEY_MAX = 36;
  static final int TAG_VALUE_MAX = 43;
  private static final String TAG_FORBIDDEN = "=*<>\\,|/";
  private static final Set<String> USABLE_STATES = Set.of("RUNNING", "STOPPED");

  /** The violation for a server locked by another image; also what a lost lock race reports (F3). */
  public static Violation ecsLocked(String serverId, String holder) {
    String by = holder == null ? "another image" : "image " + holder;
    return Rule.ECS_LOCKED.violation(
        "server " + serverId + " is locked by " + by + " while it is being created");
  }

  /** The violation for a backup that already made an image (F17); also a lost race for it. */
  public static Violation backupAlreadyUsed(String backupId, String imageId) {
    return Rule.BACKUP_ALREADY_USED.violation(
        "backup " + backupId + " already made image " + (imageId == null ? "another image" : imageId));
  }

  /** {@link #validate(CreateImageRequest, CreationFacts, String)} of a request no earlier attempt made. */
  public List<Violation> validate(CreateImageRequest request, CreationFacts facts) {
    return validate(request, facts, null);
  }

  /**
   * @param creationId the workflow id of the creation the request is for, or null: an image in
   *     ERROR that an earlier attempt of that creation made does not hold its name (F16, a fresh
   *     attempt after a failure replaces it)
   */
  public List<Violation> validate(CreateImageRequest request, CreationFacts facts, String creationId) {
    List<Violation> out = new ArrayList<>();
    if (isBlank(request.tenant())) {
      out.add(Rule.TENANT_MISSING.violation("the request names no tenant"));
    } else if (!ImageWorkflows.isValidTenant(request.tenant())) {
      out.add(Rule.TENANT_INVALID.violation("tenant '" + shown(request.tenant()) + "' is not a valid tenant id"));
    }
    boolean hasServer = !isBlank(request.serverId());
    boolean fromBackup = request.fromBackup();
    if (!hasServer && !fromBackup) {
      out.add(Rule.SOURCE_MISSING.violation("the request names no ECS and no CBR backup"));
    } else if (hasServer && fromBackup) {
      out.add(
          Rule.SOURCE_AMBIGUOUS.violation(
              "the request names both ECS " + request.serverId() + " and backup "
                  + request.sourceBackupId()));
    }
    checkRegion(request, facts, fromBackup, out);
    if (hasServer && !fromBackup) {
      checkServer(request, facts.server(), out);
    }
    checkVault(request, facts, fromBackup, out);
    if (fromBackup) {
      checkBackup(request, facts, out);
    }
    checkName(request, facts.images(), creationId, out);
    checkTags(request.tags(), facts.settings().tagPolicy().requiredKeys(), out);
    String project = request.enterpriseProject();
    if (!"default".equals(project) && !facts.settings().enterpriseProjects().contains(project)) {
      out.add(
          Rule.ENTERPRISE_PROJECT_NOT_FOUND.violation(
              "enterprise project " + project + " does not exist"));
    }
    if (!request.agreementAccepted()) {
      out.add(Rule.AGREEMENT_NOT_ACCEPTED.violation("the image disclaimer has not been accepted"));
    }
    if (!isBlank(request.maintenanceWindow())) {
      try {
        MaintenanceWindow.parse(request.maintenanceWindow());
      } catch (IllegalArgumentException e) {
        out.add(Rule.MAINTENANCE_WINDOW_INVALID.violation(e.getMessage()));
      }
    }
    return List.copyOf(out);
  }

  private static void checkRegion(
      CreateImageRequest request, CreationFacts facts, boolean fromBackup, List<Violation> out) {
    String region = request.region();
    if (isBlank(region)) {
      out.add(Rule.REGION_MISSING.violation("the request names no region"));
      return;
    }
    if (facts.regions().stream().map(Region::id).noneMatch(region::equals)) {
      out.add(Rule.REGION_UNKNOWN.violation("region " + region + " does not exist"));
      return;
    }
    Server server = facts.server();
    if (!fromBackup && server != null && !region.equals(server.region())) {
      out.add(
          Rule.ECS_WRONG_REGION.violation(
              "server " + server.id() + " is in region " + server.region() + ", not in " + region));
    }
  }

  private static void checkServer(CreateImageRequest request, Server s, List<Violation> out) {
    if (s == null || (s.tenant() != null && !s.tenant().equals(request.tenant()))
        || "DELETED".equals(s.state())) {
      out.add(
          Rule.ECS_NOT_FOUND.violation(
              "server " + request.serverId() + " does not exist in tenant " + request.tenant()));
      return;
    }
    if ("BMS".equals(s.kind())) {
      out.add(
          Rule.ECS_IS_BMS.violation(
              "server " + s.id() + " is a BMS; creating a full-ECS image does not apply to a BMS"));
    }
    if (!USABLE_STATES.contains(s.state())) {
      out.add(
          Rule.ECS_STATE_INVALID.violation(
              "server " + s.id() + " is " + s.state() + "; it must be RUNNING or STOPPED"));
    }
    if (s.hostsDatabase() && !"STOPPED".equals(s.state())) {
      out.add(
          Rule.ECS_DATABASE_RUNNING.violation(
              "server " + s.id() + " hosts a database and is " + s.state()
                  + "; to create a full-ECS image containing a database, use a stopped ECS"));
    }
    if (!s.configCheckFailedItems().isEmpty()) {
      out.add(
          Rule.ECS_CONFIG_CHECK_FAILED.violation(
              "server " + s.id() + " is not properly configured; failed check items: "
                  + String.join(", ", s.configCheckFailedItems())));
    }
    if (s.isWindows()) {
      if (s.spannedVolume()) {
        out.add(
            Rule.ECS_SPANNED_VOLUME.violation(
                "Windows server " + s.id() + " has a spanned volume; data may be lost on ECSs"
                    + " created from the image"));
      }
      if (!"OnlineAll".equals(s.sanPolicy())) {
        out.add(
            Rule.ECS_SAN_POLICY_NOT_ONLINE_ALL.violation(
                "Windows server " + s.id() + " has SAN policy "
                    + (s.sanPolicy() == null ? "unknown" : s.sanPolicy())
                    + ", not OnlineAll; EVS disks of ECSs created from the image may be offline"));
      }
    }
    if (s.isLinux() && s.multiDiskLogicalVolume()) {
      out.add(
          Rule.ECS_MULTI_DISK_LOGICAL_VOLUME.violation(
              "Linux server " + s.id() + " has a physical disk group or logical volume spanning"
                  + " several physical disks; data may be lost on ECSs created from the image"));
    }
    List<String> dss = s.disks().stream().filter(Disk::isDss).map(Disk::id).toList();
    if (!dss.isEmpty()) {
      out.add(
          Rule.ECS_DSS_DISK.violation(
              "server " + s.id() + " has a DSS disk attached (" + String.join(", ", dss) + ")"));
    }
    if (s.lockHolder() != null) {
      out.add(ecsLocked(s.id(), s.lockHolder()));
    }
  }

  private static void checkVault(
      CreateImageRequest request, CreationFacts facts, boolean fromBackup, List<Violation> out) {
    Vault v = facts.vault();
    if (isBlank(request.vaultId())) {
      out.add(Rule.VAULT_NOT_FOUND.violation("the request names no server backup vault"));
      return;
    }
    if (v == null || (v.tenant() != null && !v.tenant().equals(request.tenant()))) {
      out.add(
          Rule.VAULT_NOT_FOUND.violation(
              "vault " + request.vaultId() + " does not exist in tenant " + request.tenant()));
      return;
    }
    Server s = facts.server();
    if (!fromBackup && s != null && s.region() != null && !s.region().equals(v.region())) {
      out.add(
          Rule.VAULT_WRONG_REGION.violation(
              "vault " + v.id() + " is in region " + v.region() + " but server " + s.id()
                  + " is in " + s.region()));
    } else if (!isBlank(request.region()) && !request.region().equals(v.region())) {
      out.add(
          Rule.VAULT_WRONG_REGION.violation(
              "vault " + v.id() + " is in region " + v.region() + ", not in " + request.region()));
    }
    if (!"backup".equals(v.protectionType())) {
      out.add(
          Rule.VAULT_NOT_BACKUP.violation(
              "vault " + v.id() + " has protection type " + v.protectionType() + ", not backup"));
    }
    if (!"server".equals(v.objectType())) {
      out.add(
          Rule.VAULT_NOT_SERVER.violation(
              "vault " + v.id() + " holds " + v.objectType() + " backups, not server backups"));
    }
    if (!fromBackup && s != null && v.freeGib() < s.totalDiskGib()) {
      out.add(
          Rule.VAULT_CAPACITY_INSUFFICIENT.violation(
              "vault " + v.id() + " has " + v.freeGib() + " GiB free but the disks of server "
                  + s.id() + " total " + s.totalDiskGib() + " GiB"));
    }
  }

  private static void checkBackup(CreateImageRequest request, CreationFacts facts, List<Violation> out) {
    Backup b = facts.backup();
    String id = request.sourceBackupId();
    if (b == null || (b.tenant() != null && !b.tenant().equals(request.tenant()))) {
      out.add(
          Rule.BACKUP_NOT_FOUND.violation(
              "backup " + id + " does not exist in tenant " + request.tenant()));
      return;
    }
    if (!b.isAvailable()) {
      out.add(
          Rule.BACKUP_NOT_AVAILABLE.violation(
              "backup " + b.id() + " is " + b.status() + ", not available"));
    }
    if (!isBlank(request.vaultId()) && !request.vaultId().equals(b.vaultId())) {
      out.add(
          Rule.BACKUP_VAULT_MISMATCH.violation(
              "backup " + b.id() + " is in vault " + b.vaultId() + ", not in " + request.vaultId()));
    }
    // A DELETED or ERROR image does not use its backup up (F11).
    facts.images().stream()
        .filter(i -> Image.CREATING.equals(i.status()) || Image.NORMAL.equals(i.status()))
        .filter(i -> b.id().equals(i.sourceBackupId()) || b.id().equals(i.backupId()))
        .findFirst()
        .ifPresent(i -> out.add(backupAlreadyUsed(b.id(), i.id())));
  }

  /** At most {@value #SHOWN_MAX} characters of {@code text}, control characters as {@code \\uXXXX}. */
  static String shown(String text) {
    StringBuilder b = new StringBuilder();
    int count = text.codePointCount(0, text.length());
    text.codePoints().limit(SHOWN_MAX).forEach(c -> b.append(printable(c)));
    if (count > SHOWN_MAX) {
      b.append("...");
    }
    return b.toString();
  }

  private static String printable(int c) {
    int type = Character.getType(c);
    if (Character.isISOControl(c) || type == Character.FORMAT || type == Character.LINE_SEPARATOR
        || type == Character.PARAGRAPH_SEPARATOR) {
      return String.format("\\u%04X", c);
    }
    return Character.toString(c);
  }

  private static void checkName(
      CreateImageRequest request, List<Image> images, String creationId, List<Violation> out) {
    String name = request.imageName();
    List<String> problems = new ArrayList<>();
    if (name == null || name.isEmpty()) {
      problems.add("it is empty");
    } else {
      int length = name.codePointCount(0, name.length());
      if (length > NAME_MAX) {
        problems.add("it has " + length + " characters, more than " + NAME_MAX);
      }
      if (name.startsWith(" ") || name.endsWith(" ")) {
        problems.add("it starts or ends with a space");
      }
      String bad =
          name.codePoints()
              .filter(c -> !(Character.isLetter(c) || isNumber(c) || " -_.".indexOf(c) >= 0))
              .mapToObj(CreationValidator::printable)
              .distinct()
              .map(c -> "'" + c + "'")
              .collect(Collectors.joining(" "));
      if (!bad.isEmpty()) {
        problems.add("it contains " + bad);
      }
    }
    if (!problems.isEmpty()) {
      out.add(
          Rule.IMAGE_NAME_INVALID.violation(
              "image name '" + shown(Objects.toString(name, "")) + "' is invalid: "
                  + String.join("; ", problems)));
      return;
    }
    images.stream()
        .filter(i -> !i.isDeleted())
        .filter(i -> !i.isEarlierFailedAttemptOf(creationId))
        .filter(i -> i.tenant() == null || i.tenant().equals(request.tenant()))
        .filter(i -> name.equals(i.name()))
        .findFirst()
        .ifPresent(
            i ->
                out.add(
                    Rule.IMAGE_NAME_TAKEN.violation(
                        "image name '" + name + "' is already used by image " + i.id())));
  }

  private static void checkTags(List<Tag> tags, List<String> requiredKeys, List<Violation> out) {
    if (tags.size() > TAGS_MAX) {
      out.add(
          Rule.TAGS_TOO_MANY.violation(
              "the request has " + tags.size() + " tags, more than " + TAGS_MAX));
    }
    Set<String> seen = new HashSet<>();
    Set<String> duplicates = new LinkedHashSet<>();
    for (Tag tag : tags) {
      String key = tag.key() == null ? "" : tag.key();
      String value = tag.value() == null ? "" : tag.value();
      String keyProblem = tagProblem(key, 1, TAG_KEY_MAX);
      if (keyProblem != null) {
        out.add(Rule.TAG_KEY_INVALID.violation("tag key '" + shown(key) + "' " + keyProblem));
      }
      String valueProblem = tagProblem(value, 0, TAG_VALUE_MAX);
      if (valueProblem != null) {
        out.add(
            Rule.TAG_VALUE_INVALID.violation(
                "value '" + shown(value) + "' of tag " + shown(key) + " " + valueProblem));
      }
      if (!seen.add(key)) {
        duplicates.add(key);
      }
    }
    for (String key : duplicates) {
      out.add(Rule.TAG_KEY_DUPLICATE.violation("tag key " + shown(key) + " is given more than once"));
    }
    List<String> missing = requiredKeys.stream().filter(k -> !seen.contains(k)).toList();
    if (!missing.isEmpty()) {
      out.add(
          Rule.TAG_REQUIRED_MISSING.violation(
              "the tenant's tag policy requires tag " + (missing.size() == 1 ? "key " : "keys ")
                  + String.join(", ", missing)));
    }
  }

  /** Null when the key or value is well formed, else what is wrong with it. */
  private static String tagProblem(String text, int min, int max) {
    int length = text.codePointCount(0, text.length());
    if (length < min) {
      return "is empty";
    }
    if (length > max) {
      return "has " + length + " characters, more than " + max;
    }
    String bad =
        text.chars()
            .filter(c -> TAG_FORBIDDEN.indexOf(c) >= 0)
            .mapToObj(Character::toString)
            .distinct()
            .collect(Collectors.joining(" "));
    if (!bad.isEmpty()) {
      return "contains " + bad;
    }
    if (text.codePoints().anyMatch(c -> !printable(c).equals(Character.toString(c)))) {
      return "contains a control character";
    }
    if (text.startsWith(" ") || text.endsWith(" ")) {
      return "starts or ends with a space";
    }
    return null;
  }

  /** Digits in the Unicode sense ({@code \p{N}}), as the image service counts them. */
  private static boolean isNumber(int c) {
    int t = Character.getType(c);
    return t == Character.DECIMAL_DIGIT_NUMBER
        || t == Character.LETTER_NUMBER
        || t == Character.OTHER_NUMBER;
  }

  private static boolean isBlank(String s) {
    return s == null || s.isBlank();
  }
}
