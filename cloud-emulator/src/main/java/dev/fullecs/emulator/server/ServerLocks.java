package dev.fullecs.emulator.server;

import dev.fullecs.emulator.refusal.Refusal;
import dev.fullecs.emulator.store.Tx;

/**
 * F3: the lock a server carries while an image of it is being created. Its holder is that image's
 * id: the same holder locking again changes nothing, another one is refused, only the holder
 * unlocks, and a locked server refuses every ordinary action, naming the image. Deleting the image
 * releases the lock it holds (F11a); the operator may force it open.
 */
public final class ServerLocks {
  /** The refusal of anything a lock forbids: it names the image that holds the lock. */
  public static Refusal locked(Server s) {
    return Refusal.conflict("ECS_LOCKED",
        "server " + s.id + " is locked by image " + s.lockHolder + " while it is being created");
  }

  /** Locks {@code s} for {@code holder}; a no-op if that holder has it already. */
  public Server lock(Tx tx, Server s, String holder) {
    if (s.lockHolder == null) {
      Servers.requireNotDeleted(s);
      s.lockHolder = holder;
      tx.put(s);
      tx.audit(s.tenant, s.id, "locked by image " + holder);
    } else if (!s.lockHolder.equals(holder)) {
      throw locked(s);
    }
    return s;
  }

  /** Unlocks {@code s} if {@code holder} has it; a no-op if it is not locked. */
  public Server unlock(Tx tx, Server s, String holder) {
    if (s.lockHolder == null) {
      return s;
    }
    if (!s.lockHolder.equals(holder)) {
      throw Refusal.conflict("LOCK_NOT_HELD",
          "server " + s.id + " is locked by image " + s.lockHolder + ", not by " + holder);
    }
    s.lockHolder = null;
    tx.put(s);
    tx.audit(s.tenant, s.id, "unlocked by image " + holder);
    return s;
  }

  /** Refuses an ordinary action on a locked server. */
  public void refuseWhileLocked(Server s) {
    if (s.lockHolder != null) {
      throw locked(s);
    }
  }

  /** An image is created from a server only once the server is locked by that very image. */
  public void requireHeldBy(Server s, String imageId) {
    if (s.lockHolder == null) {
      throw Refusal.conflict("ECS_NOT_LOCKED",
          "server " + s.id + " must be locked by image " + imageId + " before the image is created");
    }
    if (!s.lockHolder.equals(imageId)) {
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
    if (s.lockHolder != null) {
      tx.audit(s.tenant, s.id, "force-unlocked (was locked by image " + s.lockHolder + ")");
      s.lockHolder = null;
      tx.put(s);
    }
    return s;
  }
}
