package dev.fullecs.validation;

import dev.fullecs.contract.Violation;

import static org.assertj.core.api.Assertions.assertThat;

import dev.fullecs.cloud.Backup;
import dev.fullecs.cloud.Disk;
import dev.fullecs.cloud.Image;
import dev.fullecs.cloud.Region;
import dev.fullecs.cloud.Server;
import dev.fullecs.cloud.TenantSettings;
import dev.fullecs.cloud.Vault;
import dev.fullecs.contract.CreateImageRequest;
import dev.fullecs.contract.Tag;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/** F2 (with F1, F12, F17): one test per rule, and every violation reported at once. */
class CreationValidatorTest {
  private static final String T = "tenant-a";
  private static final String REGION = "cn-north-4";

  private final CreationValidator validator = new CreationValidator();

  // Fixtures: a healthy Linux server of 40+100+100 GiB and a good vault; tests change one thing.

  static Server server() {
    return new Server(
        "ecs-1", "web", T, REGION, "cn-north-4a", "ECS", "LINUX", "RUNNING", "s6.large.2",
        List.of(
            new Disk("d-data-1", 100, "data", "SSD", "cn-north-4a"),
            new Disk("d-sys", 40, "system", "SSD", "cn-north-4a"),
            new Disk("d-data-2", 100, "data", "SAS", "cn-north-4a")),
        false, null, false, false, List.of(), false, "default", null, null);
  }

  static Server windows(String sanPolicy, boolean spanned) {
    Server s = server();
    return new Server(
        s.id(), s.name(), T, REGION, s.az(), "ECS", "WINDOWS", "RUNNING", s.flavor(), s.disks(),
        false, sanPolicy, spanned, false, List.of(), false, "default", null, null);
  }

  static Server with(String kind, String state, boolean db, List<String> failed, boolean lvm,
      String lockHolder, List<Disk> disks) {
    Server s = server();
    return new Server(
        s.id(), s.name(), T, REGION, s.az(), kind, "LINUX", state, s.flavor(), disks, db, null,
        false, lvm, failed, false, "default", lockHolder, null);
  }

  static Vault vault() {
    return new Vault("vault-1", T, "backups", REGION, "backup", "server", 1000, 100);
  }

  static CreateImageRequest request() {
    return new CreateImageRequest(
        REGION, T, "ecs-1", null, "vault-1", "web-image_1.0", "default",
        List.of(new Tag("cost-center", "42")), "", true, "2h", "req-1");
  }

  static CreateImageRequest request(String name, List<Tag> tags) {
    CreateImageRequest r = request();
    return new CreateImageRequest(
        r.region(), T, r.serverId(), null, r.vaultId(), name, "default", tags, "", true, null, null);
  }

  static TenantSettings settings() {
    return new TenantSettings(
        List.of("default", "finance"), new TenantSettings.TagPolicy(List.of("cost-center")), null);
  }

  static List<Region> regions() {
    return List.of(
        new Region(REGION, List.of("cn-north-4a", "cn-north-4b", "cn-north-4c")),
        new Region("cn-east-3", List.of("cn-east-3a")));
  }

  static CreationFacts facts(Server server, Vault vault) {
    return new CreationFacts(server, vault, settings(), regions(), List.of(), null);
  }

  static Image image(String id, String name, String status, String sourceBackupId) {
    return new Image(
        id, T, name, "FULL_ECS", status, List.of(), REGION, null, sourceBackupId, null, "vault-1",
        "default", null, null, null, null, null, null, null, null, null, null, null);
  }

  private List<String> codes(CreateImageRequest request, CreationFacts facts) {
    return validator.validate(request, facts).stream().map(Violation::code).toList();
  }

  @Test
  void healthyServerAndVaultPass() {
    assertThat(validator.validate(request(), facts(server(), vault()))).isEmpty();
  }

  @Test
  void reportsEveryViolationAtOnce() {
    Server bad =
        with("BMS", "RESIZING", true, List.of("virtio driver missing"), true, "img-other",
            List.of(new Disk("d-sys", 40, "system", "DSS", "cn-north-4a")));
    Vault badVault = new Vault("vault-1", T, "repl", "cn-east-3", "replication", "server", 10, 5);
    CreateImageRequest r =
        new CreateImageRequest(
            REGION, T, "ecs-1", null, "vault-1", " bad/name", "nope",
            List.of(new Tag("a=b", "x"), new Tag("k", " v")), "", false, "5s", null);

    List<Violation> violations = validator.validate(r, facts(bad, badVault));

    assertThat(violations)
        .extracting(Violation::code)
        .containsExactly(
            "ECS_IS_BMS", "ECS_STATE_INVALID", "ECS_DATABASE_RUNNING", "ECS_CONFIG_CHECK_FAILED",
            "ECS_MULTI_DISK_LOGICAL_VOLUME", "ECS_DSS_DISK", "ECS_LOCKED", "VAULT_WRONG_REGION",
            "VAULT_NOT_BACKUP", "VAULT_CAPACITY_INSUFFICIENT", "IMAGE_NAME_INVALID",
            "TAG_KEY_INVALID", "TAG_VALUE_INVALID", "TAG_REQUIRED_MISSING",
            "ENTERPRISE_PROJECT_NOT_FOUND", "AGREEMENT_NOT_ACCEPTED",
            "MAINTENANCE_WINDOW_INVALID");
    assertThat(violations).allSatisfy(v -> assertThat(v.message()).isNotBlank());
  }

  @Test
  void aTenantThatCannotBePartOfAWorkflowIdIsRefused() { // F22: ids stay unambiguous
    for (String bad : List.of("tenant:a", "t/../admin", "t".repeat(65), "tenant a", "t\u0000")) {
      CreateImageRequest r = request();
      CreateImageRequest withTenant = new CreateImageRequest(r.region(), bad, r.serverId(), null, r.vaultId(),
          r.imageName(), r.enterpriseProject(), r.tags(), r.description(), true, null, r.clientRequestId());
      assertThat(codes(withTenant, facts(server(), vault()))).as("tenant '%s'", bad).contains("TENANT_INVALID");
    }
    for (String good : List.of("tenant-a", "t", "Proj_1.prod", "t".repeat(64))) {
      CreateImageRequest r = request();
      CreateImageRequest withTenant = new CreateImageRequest(r.region(), good, r.serverId(), null, r.vaultId(),
          r.imageName(), r.enterpriseProject(), r.tags(), r.description(), true, null, r.clientRequestId());
      assertThat(codes(withTenant, facts(server(), vault()))).as("tenant '%s'", good).doesNotContain("TENANT_INVALID");
    }
  }

  // ECS

  @Test
  void missingServerIsNotFound() {
    assertThat(validator.validate(request(), facts(null, vault())))
        .singleElement()
        .satisfies(
            v -> {
              assertThat(v.code()).isEqualTo("ECS_NOT_FOUND");
              assertThat(v.message()).contains("ecs-1").contains(T);
            });
  }

  @Test
  void anotherTenantsServerIsNotFound() {
    Server s = server();
    Server foreign =
        new Server(s.id(), s.name(), "tenant-b", REGION, s.az(), "ECS", "LINUX", "RUNNING",
            s.flavor(), s.disks(), false, null, false, false, List.of(), false, "default", null,
            null);
    assertThat(codes(request(), facts(foreign, vault()))).containsExactly("ECS_NOT_FOUND");
  }

  @Test
  void bmsIsRefused() {
    Server bms = with("BMS", "RUNNING", false, List.of(), false, null, server().disks());
    assertThat(validator.validate(request(), facts(bms, vault())))
        .singleElement()
        .satisfies(v -> assertThat(v.message()).contains("does not apply to a BMS"));
  }

  @Test
  void onlyRunningOrStoppedServersQualify() {
    for (String state : List.of("BUILDING", "REBOOTING", "RESIZING", "ERROR")) {
      Server s = with("ECS", state, false, List.of(), false, null, server().disks());
      assertThat(codes(request(), facts(s, vault()))).as(state).containsExactly("ECS_STATE_INVALID");
    }
    Server stopped = with("ECS", "STOPPED", false, List.of(), false, null, server().disks());
    assertThat(codes(request(), facts(stopped, vault()))).isEmpty();
  }

  @Test
  void databaseServerMustBeStopped() {
    Server running = with("ECS", "RUNNING", true, List.of(), false, null, server().disks());
    assertThat(validator.validate(request(), facts(running, vault())))
        .singleElement()
        .satisfies(
            v -> {
              assertThat(v.code()).isEqualTo("ECS_DATABASE_RUNNING");
              assertThat(v.message())
                  .contains("to create a full-ECS image containing a database, use a stopped ECS");
            });
    Server stopped = with("ECS", "STOPPED", true, List.of(), false, null, server().disks());
    assertThat(codes(request(), facts(stopped, vault()))).isEmpty();
  }

  @Test
  void configurationCheckFailuresAreListed() {
    Server s =
        with("ECS", "RUNNING", false, List.of("cloud-init not installed", "DHCP off"), false,
            null, server().disks());
    assertThat(validator.validate(request(), facts(s, vault())))
        .singleElement()
        .satisfies(
            v -> {
              assertThat(v.code()).isEqualTo("ECS_CONFIG_CHECK_FAILED");
              assertThat(v.message()).contains("cloud-init not installed").contains("DHCP off");
            });
  }

  @Test
  void windowsSpannedVolumeIsRefused() {
    assertThat(codes(request(), facts(windows("OnlineAll", true), vault())))
        .containsExactly("ECS_SPANNED_VOLUME");
  }

  @Test
  void windowsSanPolicyMustBeOnlineAllWithDiskpartRemedy() {
    assertThat(validator.validate(request(), facts(windows("OfflineShared", false), vault())))
        .singleElement()
        .satisfies(
            v -> {
              assertThat(v.code()).isEqualTo("ECS_SAN_POLICY_NOT_ONLINE_ALL");
              assertThat(v.message()).contains("OfflineShared");
              assertThat(v.remedy()).contains("diskpart").contains("san").contains("san policy=onlineall");
            });
    assertThat(codes(request(), facts(windows("OnlineAll", false), vault()))).isEmpty();
  }

  @Test
  void linuxLogicalVolumeOverSeveralDisksIsRefused() {
    Server s = with("ECS", "RUNNING", false, List.of(), true, null, server().disks());
    assertThat(codes(request(), facts(s, vault()))).containsExactly("ECS_MULTI_DISK_LOGICAL_VOLUME");
  }

  @Test
  void dssDiskIsRefusedNamingTheDisk() {
    List<Disk> disks = new ArrayList<>(server().disks());
    disks.add(new Disk("d-dss", 10, "data", "DSS", "cn-north-4a"));
    Server s = with("ECS", "RUNNING", false, List.of(), false, null, disks);
    assertThat(validator.validate(request(), facts(s, vault())))
        .singleElement()
        .satisfies(
            v -> {
              assertThat(v.code()).isEqualTo("ECS_DSS_DISK");
              assertThat(v.message()).contains("d-dss");
            });
  }

  @Test
  void lockedServerNamesTheImageHoldingTheLock() {
    Server s = with("ECS", "RUNNING", false, List.of(), false, "img-other-creation", server().disks());
    List<Violation> v = validator.validate(request(), facts(s, vault()));
    assertThat(v).containsExactly(CreationValidator.ecsLocked("ecs-1", "img-other-creation"));
    assertThat(v.get(0).code()).isEqualTo("ECS_LOCKED");
    assertThat(v.get(0).message()).contains("img-other-creation");
  }

  // Region

  @Test
  void regionMustBeGivenKnownAndTheServers() {
    CreateImageRequest r = request();
    CreateImageRequest noRegion =
        new CreateImageRequest(null, T, "ecs-1", null, "vault-1", "n", null, r.tags(), "", true, null, null);
    assertThat(codes(noRegion, facts(server(), vault()))).containsExactly("REGION_MISSING");
    CreateImageRequest unknown =
        new CreateImageRequest("xx-1", T, "ecs-1", null, "vault-1", "n", null, r.tags(), "", true, null, null);
    assertThat(codes(unknown, facts(server(), vault())))
        .containsExactly("REGION_UNKNOWN", "VAULT_WRONG_REGION");
    CreateImageRequest other =
        new CreateImageRequest("cn-east-3", T, "ecs-1", null, "vault-1", "n", null, r.tags(), "", true, null, null);
    // Server and vault are both in cn-north-4: each is named as not in the request's region.
    assertThat(codes(other, facts(server(), vault())))
        .containsExactly("ECS_WRONG_REGION", "VAULT_WRONG_REGION");
  }

  // Vault

  @Test
  void vaultMustExistAndBeTheTenants() {
    assertThat(codes(request(), facts(server(), null))).containsExactly("VAULT_NOT_FOUND");
    Vault foreign = new Vault("vault-1", "tenant-b", "b", REGION, "backup", "server", 1000, 0);
    assertThat(codes(request(), facts(server(), foreign))).containsExactly("VAULT_NOT_FOUND");
  }

  @Test
  void vaultMustBeInTheServersRegion() {
    Vault far = new Vault("vault-1", T, "far", "cn-east-3", "backup", "server", 1000, 0);
    assertThat(validator.validate(request(), facts(server(), far)))
        .singleElement()
        .satisfies(
            v -> {
              assertThat(v.code()).isEqualTo("VAULT_WRONG_REGION");
              assertThat(v.message()).contains("cn-east-3").contains(REGION);
            });
  }

  @Test
  void vaultMustBeAServerBackupVault() {
    Vault replication = new Vault("vault-1", T, "r", REGION, "replication", "server", 1000, 0);
    assertThat(codes(request(), facts(server(), replication))).containsExactly("VAULT_NOT_BACKUP");
    Vault disks = new Vault("vault-1", T, "d", REGION, "backup", "disk", 1000, 0);
    assertThat(codes(request(), facts(server(), disks))).containsExactly("VAULT_NOT_SERVER");
  }

  @Test
  void vaultNeedsFreeCapacityForAllDisks() {
    Vault exact = new Vault("vault-1", T, "v", REGION, "backup", "server", 1240, 1000);
    assertThat(codes(request(), facts(server(), exact))).isEmpty();
    Vault short1 = new Vault("vault-1", T, "v", REGION, "backup", "server", 1239, 1000);
    assertThat(validator.validate(request(), facts(server(), short1)))
        .singleElement()
        .satisfies(
            v -> {
              assertThat(v.code()).isEqualTo("VAULT_CAPACITY_INSUFFICIENT");
              assertThat(v.message()).contains("239 GiB").contains("240 GiB");
            });
  }

  // Name

  @Test
  void nameAcceptsLettersIncludingCjkDigitsSpacesAndPunctuation() {
    assertThat(codes(request("镜像 web-01_v2.0", request().tags()), facts(server(), vault()))).isEmpty();
    assertThat(codes(request("x".repeat(128), request().tags()), facts(server(), vault()))).isEmpty();
  }

  @Test
  void nameRulesAreEnforced() {
    for (String bad : List.of("", " lead", "trail ", "x".repeat(129), "semi;colon", "a/b", "emoji😀")) {
      assertThat(codes(request(bad, request().tags()), facts(server(), vault())))
          .as("name '%s'", bad)
          .containsExactly("IMAGE_NAME_INVALID");
    }
  }

  @Test
  void anEarlierFailedAttemptOfTheSameCreationDoesNotHoldTheName() { // F16
    String creation = "full-ecs-image:tenant-a:req-1";
    CreationFacts failedBefore = new CreationFacts(server(), vault(), settings(), regions(),
        List.of(madeBy(image("img-1", "web-image_1.0", "ERROR", null), creation)), null);
    assertThat(validator.validate(request(), failedBefore, creation)).isEmpty();
    // Another creation's image, or one that did not fail, or without the id, still holds it.
    assertThat(codes(request(), failedBefore)).containsExactly("IMAGE_NAME_TAKEN");
    assertThat(validator.validate(request(), failedBefore, "full-ecs-image:tenant-a:req-2"))
        .extracting(Violation::code).containsExactly("IMAGE_NAME_TAKEN");
    CreationFacts normal = new CreationFacts(server(), vault(), settings(), regions(),
        List.of(madeBy(image("img-1", "web-image_1.0", "NORMAL", null), creation)), null);
    assertThat(validator.validate(request(), normal, creation))
        .extracting(Violation::code).containsExactly("IMAGE_NAME_TAKEN");
  }

  static Image madeBy(Image i, String creationId) {
    return new Image(i.id(), i.tenant(), i.name(), i.type(), i.status(), i.availableAzs(), i.region(),
        i.sourceServerId(), i.sourceBackupId(), i.sourceAz(), i.vaultId(), i.enterpriseProject(), i.tags(),
        i.description(), i.snapshotIds(), i.backupId(), i.failureReason(), i.retainedNote(), i.createdAt(),
        i.updatedAt(), i.idempotencyKey(), i.sharedWith(), creationId);
  }

  @Test
  void nameMustBeUniqueAmongNonDeletedImages() {
    CreationFacts taken =
        new CreationFacts(server(), vault(), settings(), regions(),
            List.of(image("img-9", "web-image_1.0", "NORMAL", null)), null);
    assertThat(validator.validate(request(), taken))
        .singleElement()
        .satisfies(
            v -> {
              assertThat(v.code()).isEqualTo("IMAGE_NAME_TAKEN");
              assertThat(v.message()).contains("img-9");
            });
    CreationFacts deleted =
        new CreationFacts(server(), vault(), settings(), regions(),
            List.of(image("img-9", "web-image_1.0", "DELETED", null)), null);
    assertThat(codes(request(), deleted)).isEmpty();
  }

  // Tags

  @Test
  void atMostTwentyTags() {
    List<Tag> tags = new ArrayList<>(List.of(new Tag("cost-center", "1")));
    IntStream.range(0, 20).forEach(i -> tags.add(new Tag("k" + i, "v")));
    assertThat(codes(request("n", tags), facts(server(), vault()))).containsExactly("TAGS_TOO_MANY");
    assertThat(codes(request("n", tags.subList(0, 20)), facts(server(), vault()))).isEmpty();
  }

  @Test
  void tagKeyFormat() {
    for (String key : List.of("", "k".repeat(37), "a=b", "a*b", "a<b", "a>b", "a\\b", "a,b", "a|b", "a/b", " k", "k ")) {
      List<Tag> tags = List.of(new Tag("cost-center", "1"), new Tag(key, "v"));
      assertThat(codes(request("n", tags), facts(server(), vault())))
          .as("key '%s'", key)
          .containsExactly("TAG_KEY_INVALID");
    }
    List<Tag> ok = List.of(new Tag("cost-center", "1"), new Tag("k".repeat(36), ""));
    assertThat(codes(request("n", ok), facts(server(), vault()))).isEmpty();
  }

  @Test
  void tagValueFormat() {
    for (String value : List.of("v".repeat(44), "a=b", "x/y", " v", "v ")) {
      List<Tag> tags = List.of(new Tag("cost-center", "1"), new Tag("k", value));
      assertThat(codes(request("n", tags), facts(server(), vault())))
          .as("value '%s'", value)
          .containsExactly("TAG_VALUE_INVALID");
    }
    List<Tag> ok = List.of(new Tag("cost-center", "1"), new Tag("k", "v".repeat(43)));
    assertThat(codes(request("n", ok), facts(server(), vault()))).isEmpty();
  }

  @Test
  void tagKeysAreUnique() {
    List<Tag> tags = List.of(new Tag("cost-center", "1"), new Tag("cost-center", "2"));
    assertThat(codes(request("n", tags), facts(server(), vault()))).containsExactly("TAG_KEY_DUPLICATE");
  }

  @Test
  void tagPolicyRequiredKeysMustBePresent() {
    assertThat(validator.validate(request("n", List.of(new Tag("owner", "me"))), facts(server(), vault())))
        .singleElement()
        .satisfies(
            v -> {
              assertThat(v.code()).isEqualTo("TAG_REQUIRED_MISSING");
              assertThat(v.message()).contains("cost-center");
            });
  }

  // Project, agreement, window, source

  @Test
  void enterpriseProjectMustExist() {
    CreateImageRequest r = request();
    CreateImageRequest finance =
        new CreateImageRequest(REGION, T, "ecs-1", null, "vault-1", "n", "finance", r.tags(), "", true, null, null);
    assertThat(codes(finance, facts(server(), vault()))).isEmpty();
    CreateImageRequest missing =
        new CreateImageRequest(REGION, T, "ecs-1", null, "vault-1", "n", "marketing", r.tags(), "", true, null, null);
    assertThat(codes(missing, facts(server(), vault()))).containsExactly("ENTERPRISE_PROJECT_NOT_FOUND");
  }

  @Test
  void agreementMustBeAccepted() {
    CreateImageRequest r = request();
    CreateImageRequest declined =
        new CreateImageRequest(REGION, T, "ecs-1", null, "vault-1", "n", null, r.tags(), "", false, null, null);
    assertThat(codes(declined, facts(server(), vault()))).containsExactly("AGREEMENT_NOT_ACCEPTED");
  }

  @Test
  void maintenanceWindowMustParseBetweenOneMinuteAndSevenDays() {
    for (String ok : List.of("1m", "30m", "1h30m", "PT2H", "7d")) {
      assertThat(codes(window(ok), facts(server(), vault()))).as(ok).isEmpty();
    }
    for (String bad : List.of("59s", "8d", "soon", "-PT1H")) {
      assertThat(codes(window(bad), facts(server(), vault())))
          .as(bad)
          .containsExactly("MAINTENANCE_WINDOW_INVALID");
    }
  }

  private static CreateImageRequest window(String w) {
    CreateImageRequest r = request();
    return new CreateImageRequest(REGION, T, "ecs-1", null, "vault-1", "n", null, r.tags(), "", true, w, null);
  }

  @Test
  void sourceMustBeExactlyOneOfServerAndBackup() {
    CreateImageRequest r = request();
    CreateImageRequest none =
        new CreateImageRequest(REGION, T, null, null, "vault-1", "n", null, r.tags(), "", true, null, null);
    assertThat(codes(none, facts(null, vault()))).containsExactly("SOURCE_MISSING");
    CreateImageRequest both =
        new CreateImageRequest(REGION, T, "ecs-1", "bk-1", "vault-1", "n", null, r.tags(), "", true, null, null);
    assertThat(codes(both, backupFacts(backup("available", "vault-1"), List.of())))
        .containsExactly("SOURCE_AMBIGUOUS");
  }

  // F17: an existing CBR backup as the source

  static Backup backup(String status, String vaultId) {
    return new Backup("bk-1", T, vaultId, "ecs-1", "b", List.of("snap-1", "snap-2"), 240, false,
        status, 100, null, null, null);
  }

  static CreationFacts backupFacts(Backup b, List<Image> images) {
    return new CreationFacts(server(), vault(), settings(), regions(), images, b);
  }

  static CreateImageRequest fromBackup() {
    return new CreateImageRequest(
        REGION, T, null, "bk-1", "vault-1", "from-backup", null,
        List.of(new Tag("cost-center", "1")), "", true, null, null);
  }

  @Test
  void availableUnusedBackupInTheVaultPassesWithoutServerRules() {
    Server locked = with("BMS", "RESIZING", true, List.of(), false, "img-x", server().disks());
    CreationFacts f = new CreationFacts(locked, vault(), settings(), regions(), List.of(), backup("available", "vault-1"));
    assertThat(codes(fromBackup(), f)).isEmpty();
  }

  @Test
  void backupMustExistBeAvailableAndInTheVault() {
    assertThat(codes(fromBackup(), backupFacts(null, List.of()))).containsExactly("BACKUP_NOT_FOUND");
    assertThat(codes(fromBackup(), backupFacts(backup("protecting", "vault-1"), List.of())))
        .containsExactly("BACKUP_NOT_AVAILABLE");
    assertThat(codes(fromBackup(), backupFacts(backup("available", "vault-2"), List.of())))
        .containsExactly("BACKUP_VAULT_MISMATCH");
  }

  @Test
  void backupMakesOnlyOneImageButADeletedOrFailedImageFreesIt() {
    assertThat(validator.validate(fromBackup(),
            backupFacts(backup("available", "vault-1"), List.of(image("img-7", "x", "NORMAL", "bk-1")))))
        .singleElement()
        .satisfies(
            v -> {
              assertThat(v.code()).isEqualTo("BACKUP_ALREADY_USED");
              assertThat(v.message()).contains("img-7");
            });
    assertThat(codes(fromBackup(),
            backupFacts(backup("available", "vault-1"), List.of(image("img-7", "x", "DELETED", "bk-1")))))
        .isEmpty();
    assertThat(codes(fromBackup(),
            backupFacts(backup("available", "vault-1"), List.of(image("img-7", "x", "ERROR", "bk-1")))))
        .isEmpty();
  }

  @Test
  void everyRuleHasASpecIdAndAStableCode() {
    for (Rule rule : Rule.values()) {
      assertThat(rule.specId()).as(rule.name()).matches("F\\d+.*");
      assertThat(rule.violation("m").code()).isEqualTo(rule.name());
    }
  }
}
