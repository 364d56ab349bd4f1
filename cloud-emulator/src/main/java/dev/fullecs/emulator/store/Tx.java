package dev.fullecs.emulator.store;

import dev.fullecs.emulator.tenant.AccessKey;
import dev.fullecs.emulator.tenant.Caller;
import dev.fullecs.emulator.tenant.Token;
import dev.fullecs.emulator.tenant.World;
import dev.fullecs.emulator.timing.Task;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One write: handlers read copies through it and stage their changes; the {@link Store} commits
 * them all in one SQLite transaction, or none if the handler throws.
 */
public final class Tx {
  private final Store store;
  private final Caller caller;
  private final String operation;
  private final long nowMs;
  final Map<String, Resource> staged = new LinkedHashMap<>();
  final Map<String, Resource> deleted = new LinkedHashMap<>();
  final List<AuditEntry> audits = new ArrayList<>();
  final List<Token> tokens = new ArrayList<>();
  final List<AccessKey> accessKeys = new ArrayList<>();
  IdempotencyRecord idempotency;
  World world;

  Tx(Store store, Caller caller, String operation, long nowMs) {
    this.store = store;
    this.caller = caller;
    this.operation = operation;
    this.nowMs = nowMs;
  }

  public long nowMs() {
    return nowMs;
  }

  public String nowIso() {
    return Task.iso(nowMs);
  }

  public Caller caller() {
    return caller;
  }

  /** The operation this write serves, as its route names it (its audit entries carry it). */
  public String operation() {
    return operation;
  }

  /** Read-only view of committed state (do not mutate what it returns). */
  public Store store() {
    return store;
  }

  /** A private copy of the resource (staged version if this write changed it), or null. */
  public <T extends Resource> T get(Class<T> type, String tenant, String id) {
    String key = store.key(type, tenant, id);
    if (deleted.containsKey(key)) {
      return null;
    }
    Resource r = staged.get(key);
    if (r != null) {
      return type.cast(r);
    }
    T committed = store.get(type, tenant, id);
    return committed == null ? null : Json.copy(committed);
  }

  /** The tenant's resources of a type as committed plus this write's changes (read-only). */
  public <T extends Resource> List<T> list(Class<T> type, String tenant) {
    Map<String, T> byId = new LinkedHashMap<>();
    for (T t : store.list(type, tenant)) {
      byId.put(t.id(), t);
    }
    for (Map.Entry<String, Resource> e : staged.entrySet()) {
      if (type.isInstance(e.getValue()) && e.getValue().tenant().equals(tenant)) {
        byId.put(e.getValue().id(), type.cast(e.getValue()));
      }
    }
    for (Resource r : deleted.values()) {
      if (type.isInstance(r) && r.tenant().equals(tenant)) {
        byId.remove(r.id());
      }
    }
    List<T> out = new ArrayList<>(byId.values());
    out.sort(Comparator.comparing(Resource::id));
    return out;
  }

  public void put(Resource r) {
    String key = store.key(r.getClass(), r.tenant(), r.id());
    deleted.remove(key);
    staged.put(key, r);
  }

  public void delete(Resource r) {
    String key = store.key(r.getClass(), r.tenant(), r.id());
    staged.remove(key);
    deleted.put(key, r);
  }

  public void audit(String tenant, String resourceId, String detail) {
    AuditEntry e = new AuditEntry();
    e.at = nowIso();
    e.actor = caller.actor();
    e.tenant = tenant;
    e.operation = operation;
    e.resourceId = resourceId;
    e.detail = detail;
    audits.add(e);
  }

  public void putToken(Token token) {
    tokens.add(token);
  }

  public void putAccessKey(AccessKey key) {
    accessKeys.add(key);
  }

  public void putWorld(World w) {
    this.world = w;
  }

  public void recordIdempotency(IdempotencyRecord record) {
    this.idempotency = record;
  }

  boolean hasChanges() {
    return !staged.isEmpty() || !deleted.isEmpty() || !audits.isEmpty() || !tokens.isEmpty() || !accessKeys.isEmpty()
        || idempotency != null || world != null;
  }
}
