package dev.fullecs.emulator.server;

import static dev.fullecs.emulator.cloud.DomainFixture.OWNER;
import static dev.fullecs.emulator.cloud.DomainFixture.SERVICE;
import static dev.fullecs.emulator.cloud.DomainFixture.TENANT;
import static dev.fullecs.emulator.cloud.DomainFixture.refusal;
import static org.assertj.core.api.Assertions.assertThat;

import dev.fullecs.emulator.cloud.DomainFixture;
import dev.fullecs.emulator.refusal.Refusal;
import dev.fullecs.emulator.refusal.RefusalKind;
import dev.fullecs.emulator.store.Tx;
import java.nio.file.Path;
import java.util.List;
import java.util.function.Function;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** F3 and F23 on the servers' rules alone: who holds the lock, who may lock, what a lock forbids. */
class ServerLocksTest {
  private static final String WEB = "ecs-web-01";

  @TempDir Path dir;
  DomainFixture cloud;
  Servers servers;

  @BeforeEach
  void up() {
    cloud = new DomainFixture(dir);
    servers = cloud.cloud.servers();
  }

  @AfterEach
  void down() {
    cloud.close();
  }

  private Server lock(String holder) {
    return cloud.write(SERVICE, tx -> servers.lock(tx, SERVICE, TENANT, WEB, holder));
  }

  private Server unlock(String holder) {
    return cloud.write(SERVICE, tx -> servers.unlock(tx, SERVICE, TENANT, WEB, holder));
  }

  private String holder() {
    return servers.get(TENANT, WEB).lockHolder;
  }

  @Test
  void theSameHolderLockingAgainChangesNothingAndAnotherHolderIsRefusedNamingTheFirst() {
    assertThat(lock("img-1").lockHolder).isEqualTo("img-1");
    int audited = cloud.store.audit(0, 1000).size();
    assertThat(lock("img-1").lockHolder).isEqualTo("img-1");
    assertThat(cloud.store.audit(0, 1000)).as("a repeated lock records nothing").hasSize(audited);

    Refusal r = refusal(() -> lock("img-2"));

    assertThat(r.kind()).isEqualTo(RefusalKind.CONFLICT);
    assertThat(r.code()).isEqualTo("ECS_LOCKED");
    assertThat(r.getMessage()).isEqualTo("server ecs-web-01 is locked by image img-1 while it is being created");
    assertThat(holder()).isEqualTo("img-1");
  }

  @Test
  void onlyTheHolderUnlocksAndUnlockingAnUnlockedServerChangesNothing() {
    lock("img-1");

    Refusal r = refusal(() -> unlock("img-2"));

    assertThat(r.code()).isEqualTo("LOCK_NOT_HELD");
    assertThat(holder()).isEqualTo("img-1");
    assertThat(unlock("img-1").lockHolder).isNull();
    assertThat(unlock("img-1").lockHolder).isNull();
    assertThat(lock("img-2").lockHolder).isEqualTo("img-2");
  }

  @Test
  void aLockedServerRefusesEveryOrdinaryActionAndStaysAsItWas() {
    lock("img-holder");
    Server before = servers.get(TENANT, WEB);
    List<Function<Tx, Server>> actions = List.of(
        tx -> servers.start(tx, OWNER, TENANT, WEB),
        tx -> servers.stop(tx, OWNER, TENANT, WEB),
        tx -> servers.reboot(tx, OWNER, TENANT, WEB),
        tx -> servers.resize(tx, OWNER, TENANT, WEB, "s6.xlarge.2"),
        tx -> servers.changeOs(tx, OWNER, TENANT, WEB, "img-existing"),
        tx -> servers.attachDisk(tx, OWNER, TENANT, WEB, 10, "SSD"),
        tx -> servers.detachDisk(tx, OWNER, TENANT, WEB, "ecs-web-01-data1"),
        tx -> servers.delete(tx, OWNER, TENANT, WEB));

    for (Function<Tx, Server> action : actions) {
      Refusal r = refusal(() -> cloud.write(OWNER, action));
      assertThat(r.code()).isEqualTo("ECS_LOCKED");
      assertThat(r.getMessage()).contains("img-holder");
    }
    Server after = servers.get(TENANT, WEB);
    assertThat(after.state).isEqualTo(before.state);
    assertThat(after.flavor).isEqualTo(before.flavor);
    assertThat(after.disks).hasSameSizeAs(before.disks);
    assertThat(after.imageId).isEqualTo(before.imageId);
  }

  @Test
  void theImageServiceLocksAndTheTenantActsButNotTheOtherWayRound() { // F23
    Refusal byTenant = refusal(() -> cloud.write(OWNER, tx -> servers.lock(tx, OWNER, TENANT, WEB, "img-1")));
    assertThat(byTenant.kind()).isEqualTo(RefusalKind.FORBIDDEN);
    assertThat(byTenant.code()).isEqualTo("SERVICE_TOKEN_REQUIRED");
    assertThat(holder()).isNull();

    Refusal byService = refusal(() -> cloud.write(SERVICE, tx -> servers.stop(tx, SERVICE, TENANT, WEB)));
    assertThat(byService.code()).isEqualTo("TENANT_TOKEN_REQUIRED");
    assertThat(servers.get(TENANT, WEB).state).isEqualTo("RUNNING");
  }

  @Test
  void theImageServiceMayDeleteAServerItProvisionedFromAnImage() { // F18 cleanup
    Server clone = cloud.write(SERVICE, tx -> servers.provision(tx, TENANT, "clone", "img-existing", "cn-north-4b", null));
    assertThat(clone.state).isEqualTo("BUILDING");
    assertThat(clone.disks).extracting(d -> d.role + ":" + d.sizeGib).containsExactly("system:40");

    Server deleted = cloud.write(SERVICE, tx -> servers.delete(tx, SERVICE, TENANT, clone.id));

    assertThat(deleted.state).isEqualTo("DELETED");
    assertThat(refusal(() -> cloud.write(SERVICE, tx -> servers.lock(tx, SERVICE, TENANT, clone.id, "img-1"))).code())
        .isEqualTo("SERVER_DELETED");
  }

  @Test
  void theOperatorOpensTheLockWhoeverHoldsIt() {
    lock("img-1");

    cloud.write(SERVICE, tx -> servers.forceUnlock(tx, TENANT, WEB));

    assertThat(holder()).isNull();
  }
}
