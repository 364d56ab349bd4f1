package dev.fullecs.emulator.server;

import dev.fullecs.emulator.refusal.Refusal;
import dev.fullecs.emulator.store.Tx;

/**
 * F3: the lock a server carries while an image of it is being created. Its holder is that image's
 * id: the same holder locking again changes nothing, another one is refused, only the holder
 * unlocks, and a locked server refuses every ordinary action, naming the image. Deleting the image
 * releases the lock it holds (F11a); the operator may force it open.
 *
 * <p>Huawei's lock (the Nova {@code lock}/{@code unlock} actions) has no holder: locking a locked
 * server changes nothing, whoever holds it, and unlocking releases the lock, whoever holds it. Who
 * holds it is then the orchestrator's record, not the cloud's. A lock taken that way is an
 * {@link Server#unnamedLock}: it forbids what any lock forbids, and no holder may take or release it
 * through the own API.
 */
public final class ServerLocks {
  /** The refusal of anything a lock forbids: it names the image that holds the lock. */
  public static Refusal locked(Server s) {
    if (s.lockHolder == null && s.unnamedLock) {
      return Refusal.conflict("ECS_LOCKED", "server " + s.id + " is locked (a lock without a holder)");
    }
    return Refusal.conflict("ECS_LOCKED",
        "server " + s.id + " is locked by image " + s.lockHolder + " while it is being created");
  }

  /** Whether the server carries a lock, with a holder or without one. */
  public static boolean isLocked(Server s) {
    return s.lockHolder != null || s.unnamedLock;
  }

  /** Locks {@code s} for {@code holder}; a no-op if that holder has it already. */
  public Server lock(Tx tx, Server s, String holder) {
    if (!isLocked(s)) {
      Servers.requireNotDeleted(s);
      s.lockHolder = holder;
      tx.put(s);
      tx.audit(s.tenant, s.id, "locked by image " + holder);
    } else if (!holder.equals(s.lockHolder)) {
      throw locked(s);
    }
    return s;
  }

  /** Unlocks {@code s} if {@code holder} has it; a no-op if it is not locked. */
  public Server unlock(Tx tx, Server s, String holder) {
    if (!isLocked(s)) {
      return s;
    }
    if (!holder.equals(s.lockHolder)) {
      throw Refusal.conflict("LOCK_NOT_HELD", "server " + s.id + " is locked "
          + (s.lockHolder == null ? "without a holder" : "by image " + s.lockHolder) + ", not by " + holder);
    }
    s.lockHolder = null;
    tx.put(s);
    tx.audit(s.tenant, s.id, "unlocked by image " + holder);
    return s;
  }

  /** Huawei's lock: takes a lock without a holder; a no-op on a server already locked, whoever holds it. */
  public Server lockWithoutHolder(Tx tx, Server s) {
    if (isLocked(s)) {
      return s;
    }
    Servers.requireNotDeleted(s);
    s.unnamedLock = true;
    tx.put(s);
    tx.audit(s.tenant, s.id, "locked (a lock without a holder)");
    return s;
  }

  /** Huawei's unlock: releases the lock, whoever holds it; a no-op on an unlocked server. */
  public Server unlockWithoutHolder(Tx tx, Server s) {
    if (!isLocked(s)) {
      return s;
    }
    String was = s.lockHolder == null ? "a lock without a holder" : "locked by image " + s.lockHolder;
    s.lockHolder = null;
    s.unnamedLock = false;
    tx.put(s);
    tx.audit(s.tenant, s.id, "unlocked (was " + was + ")");
    return s;
  }

  /** Refuses an ordinary action on a locked server. */
  public void refuseWhileLocked(Server s) {
    if (isLocked(s)) {
      throw locked(s);
    }
  }

  /** An image is created from a server only once the server is locked by that very image. */
  public void requireHeldBy(Server s, String imageId) {
    if (!isLocked(s)) {
      throw Refusal.conflict("ECS_NOT_LOCKED",
          "server " + s.id + " must be locked by image " + imageId + " before the image is created");
    }
    if (!imageId.equals(s.lockHolder)) {
      throw locked(s);
    }
  }

  /** F11a: the image {@code imageId} is deleted; releases the lock it holds on {@code s}, if any. Says whether it did. */
  public boolean releaseForDeletedImage(Tx tx, Server s, String imageId) {
    if (!imageId.equals(s.lockHolder)) {
      return false;
    }
    s.lockHolder = null;
    tx.put(s);
    tx.audit(s.tenant, s.id, "unlocked: image " + imageId + " deleted during creation");
    return true;
  }

  /** The operator opens the lock, whoever holds it; a no-op on an unlocked server. */
  public Server forceUnlock(Tx tx, Server s) {
    if (isLocked(s)) {
      tx.audit(s.tenant, s.id, "force-unlocked (was " + (s.lockHolder == null ? "locked without a holder"
          : "locked by image " + s.lockHolder) + ")");
      s.lockHolder = null;
      s.unnamedLock = false;
      tx.put(s);
    }
    return s;
  }
}
