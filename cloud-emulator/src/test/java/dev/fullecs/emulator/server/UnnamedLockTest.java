package dev.fullecs.emulator.server;

import static dev.fullecs.emulator.cloud.DomainFixture.OWNER;
import static dev.fullecs.emulator.cloud.DomainFixture.SERVICE;
import static dev.fullecs.emulator.cloud.DomainFixture.TENANT;
import static dev.fullecs.emulator.cloud.DomainFixture.refusal;
import static org.assertj.core.api.Assertions.assertThat;

import dev.fullecs.emulator.cloud.DomainFixture;
import dev.fullecs.emulator.refusal.Refusal;
import dev.fullecs.emulator.refusal.RefusalKind;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Huawei's lock (the Nova lock and unlock actions) has no holder: locking a locked server changes
 * nothing, unlocking releases the lock whoever holds it; the lock forbids what any lock forbids.
 * And Huawei's change of OS wants a stopped server.
 */
class UnnamedLockTest {
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

  private Server lock() {
    return cloud.write(SERVICE, tx -> servers.lockWithoutHolder(tx, SERVICE, TENANT, WEB));
  }

  private Server unlock() {
    return cloud.write(SERVICE, tx -> servers.unlockWithoutHolder(tx, SERVICE, TENANT, WEB));
  }

  @Test
  void aLockWithoutHolderForbidsOrdinaryActionsAndNoHolderTakesOrReleasesIt() {
    Server locked = lock();

    assertThat(locked.unnamedLock).isTrue();
    assertThat(locked.lockHolder).isNull();
    assertThat(ServerLocks.isLocked(servers.get(TENANT, WEB))).isTrue();
    Refusal stop = refusal(() -> cloud.write(OWNER, tx -> servers.stop(tx, OWNER, TENANT, WEB)));
    assertThat(stop.code()).isEqualTo("ECS_LOCKED");
    assertThat(stop.getMessage()).isEqualTo("server ecs-web-01 is locked (a lock without a holder)");
    assertThat(refusal(() -> cloud.write(SERVICE, tx -> servers.lock(tx, SERVICE, TENANT, WEB, "img-1"))).code())
        .isEqualTo("ECS_LOCKED");
    assertThat(refusal(() -> cloud.write(SERVICE, tx -> servers.unlock(tx, SERVICE, TENANT, WEB, "img-1"))).code())
        .isEqualTo("LOCK_NOT_HELD");
  }

  @Test
  void lockingALockedServerChangesNothingWhoeverHoldsIt() {
    cloud.write(SERVICE, tx -> servers.lock(tx, SERVICE, TENANT, WEB, "img-1"));
    int audited = cloud.store.audit(0, 1000).size();

    Server again = lock();

    assertThat(again.lockHolder).isEqualTo("img-1");
    assertThat(again.unnamedLock).isFalse();
    assertThat(cloud.store.audit(0, 1000)).as("a repeated lock records nothing").hasSize(audited);
    assertThat(lock().unnamedLock).isFalse();
  }

  @Test
  void unlockingReleasesTheLockWhoeverHoldsItAndAnUnlockedServerStaysAsItIs() {
    cloud.write(SERVICE, tx -> servers.lock(tx, SERVICE, TENANT, WEB, "img-1"));

    Server released = unlock();

    assertThat(released.lockHolder).isNull();
    assertThat(ServerLocks.isLocked(servers.get(TENANT, WEB))).isFalse();
    int audited = cloud.store.audit(0, 1000).size();
    assertThat(unlock().unnamedLock).isFalse();
    assertThat(cloud.store.audit(0, 1000)).as("unlocking an unlocked server records nothing").hasSize(audited);
    lock();
    assertThat(unlock().unnamedLock).isFalse();
    assertThat(cloud.write(SERVICE, tx -> servers.lock(tx, SERVICE, TENANT, WEB, "img-2")).lockHolder).isEqualTo("img-2");
  }

  @Test
  void onlyTheImageServicesCredentialLocksOrUnlocks() {
    Refusal r = refusal(() -> cloud.write(OWNER, tx -> servers.lockWithoutHolder(tx, OWNER, TENANT, WEB)));

    assertThat(r.kind()).isEqualTo(RefusalKind.FORBIDDEN);
    assertThat(r.code()).isEqualTo("SERVICE_TOKEN_REQUIRED");
    assertThat(ServerLocks.isLocked(servers.get(TENANT, WEB))).isFalse();
  }

  @Test
  void theOperatorsForceUnlockOpensALockWithoutHolder() {
    lock();

    Server opened = cloud.write(DomainFixture.SERVICE, tx -> servers.forceUnlock(tx, TENANT, WEB));

    assertThat(opened.unnamedLock).isFalse();
  }

  @Test
  void huaweisChangeOfOsWantsAStoppedServer() {
    Refusal r = refusal(() -> cloud.write(OWNER, tx -> servers.changeOsOfStopped(tx, OWNER, TENANT, WEB, "img-existing")));

    assertThat(r.code()).isEqualTo("INVALID_SERVER_STATE");
    assertThat(r.getMessage()).isEqualTo("server ecs-web-01 is RUNNING; change_os needs STOPPED");
    cloud.write(OWNER, tx -> servers.stop(tx, OWNER, TENANT, WEB));
    Server changed = cloud.write(OWNER, tx -> servers.changeOsOfStopped(tx, OWNER, TENANT, WEB, "img-existing"));
    assertThat(changed.lastChangeOs).startsWith("OS from image img-existing: wrote system disk ecs-web-01-sys only");
  }
}
