package dev.fullecs.emulator.store;

import dev.fullecs.emulator.tenant.AccessKey;
import dev.fullecs.emulator.tenant.Caller;
import dev.fullecs.emulator.tenant.Token;
import dev.fullecs.emulator.tenant.World;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;

/**
 * All state: SQLite (WAL, one file) is the truth, memory a copy for fast reads. Writes are
 * serialized on one connection and committed before the caller answers, so a process killed at
 * any moment keeps every change it reported as done.
 */
public final class Store implements AutoCloseable {
  /** The resource types it keeps, each under its kind's name in the database ({@code server}, ...). */
  private final Map<Class<? extends Resource>, String> kinds;
  private final Connection conn;
  private final Clock clock;
  private final Object writeLock = new Object();
  /** kind → tenant → id → committed resource (never mutated once installed). */
  private final Map<String, ConcurrentHashMap<String, ConcurrentHashMap<String, Resource>>> data =
      new ConcurrentHashMap<>();
  private final ConcurrentHashMap<String, IdempotencyRecord> idempotency = new ConcurrentHashMap<>();
  private final ConcurrentHashMap<String, Token> tokens = new ConcurrentHashMap<>();
  private final ConcurrentHashMap<String, AccessKey> accessKeys = new ConcurrentHashMap<>();
  private volatile World world;

  private Store(Connection conn, Clock clock, Map<Class<? extends Resource>, String> kinds) {
    this.conn = conn;
    this.clock = clock;
    this.kinds = new LinkedHashMap<>(kinds);
    for (String kind : kinds.values()) {
      data.put(kind, new ConcurrentHashMap<>());
    }
  }

  /**
   * Opens (or creates) the database {@code file} for the resource types in {@code kinds}, each
   * stored under its kind's name; the caller says what the cloud is made of, the store only keeps it.
   */
  public static Store open(Path file, Clock clock, Map<Class<? extends Resource>, String> kinds) {
    try {
      Path parent = file.toAbsolutePath().getParent();
      if (parent != null) {
        Files.createDirectories(parent);
      }
      Connection conn = DriverManager.getConnection("jdbc:sqlite:" + file.toAbsolutePath());
      try (Statement st = conn.createStatement()) {
        st.execute("PRAGMA journal_mode=WAL");
        st.execute("PRAGMA synchronous=NORMAL");
        st.execute("PRAGMA busy_timeout=5000");
        st.execute("CREATE TABLE IF NOT EXISTS resources (kind TEXT NOT NULL, tenant TEXT NOT NULL,"
            + " id TEXT NOT NULL, doc TEXT NOT NULL, PRIMARY KEY (kind, tenant, id))");
        st.execute("CREATE TABLE IF NOT EXISTS idempotency (tenant TEXT NOT NULL, key TEXT NOT NULL,"
            + " doc TEXT NOT NULL, PRIMARY KEY (tenant, key))");
        st.execute("CREATE TABLE IF NOT EXISTS audit (seq INTEGER PRIMARY KEY AUTOINCREMENT,"
            + " at TEXT NOT NULL, actor TEXT, tenant TEXT, operation TEXT, resource_id TEXT, detail TEXT)");
        st.execute("CREATE TABLE IF NOT EXISTS tokens (token TEXT PRIMARY KEY, doc TEXT NOT NULL)");
        st.execute("CREATE TABLE IF NOT EXISTS access_keys (ak TEXT PRIMARY KEY, doc TEXT NOT NULL)");
        st.execute("CREATE TABLE IF NOT EXISTS config (name TEXT PRIMARY KEY, doc TEXT NOT NULL)");
      }
      conn.setAutoCommit(false);
      Store store = new Store(conn, clock, kinds);
      store.load();
      return store;
    } catch (Exception e) {
      throw new IllegalStateException("cannot open database " + file + ": " + e.getMessage(), e);
    }
  }

  private void load() throws SQLException {
    Map<String, Class<?>> byKind = new ConcurrentHashMap<>();
    kinds.forEach((c, k) -> byKind.put(k, c));
    try (Statement st = conn.createStatement()) {
      try (ResultSet rs = st.executeQuery("SELECT kind, doc FROM resources")) {
        while (rs.next()) {
          Resource r = (Resource) Json.read(rs.getString(2), byKind.get(rs.getString(1)));
          install(r);
        }
      }
      try (ResultSet rs = st.executeQuery("SELECT doc FROM idempotency")) {
        while (rs.next()) {
          IdempotencyRecord rec = Json.read(rs.getString(1), IdempotencyRecord.class);
          idempotency.put(rec.tenant + "\n" + rec.key, rec);
        }
      }
      try (ResultSet rs = st.executeQuery("SELECT doc FROM tokens")) {
        while (rs.next()) {
          Token t = Json.read(rs.getString(1), Token.class);
          tokens.put(t.token, t);
        }
      }
      try (ResultSet rs = st.executeQuery("SELECT doc FROM access_keys")) {
        while (rs.next()) {
          AccessKey k = Json.read(rs.getString(1), AccessKey.class);
          accessKeys.put(k.ak, k);
        }
      }
      try (ResultSet rs = st.executeQuery("SELECT doc FROM config WHERE name = 'world'")) {
        if (rs.next()) {
          world = Json.read(rs.getString(1), World.class);
        }
      }
    }
    conn.commit();
  }

  String key(Class<?> type, String tenant, String id) {
    return kind(type) + "\n" + tenant + "\n" + id;
  }

  private String kind(Class<?> type) {
    String kind = kinds.get(type);
    if (kind == null) {
      throw new IllegalArgumentException("not a stored resource: " + type);
    }
    return kind;
  }

  private void install(Resource r) {
    data.get(kind(r.getClass()))
        .computeIfAbsent(r.tenant(), t -> new ConcurrentHashMap<>())
        .put(r.id(), r);
  }

  private void uninstall(Resource r) {
    Map<String, Resource> byId = data.get(kind(r.getClass())).get(r.tenant());
    if (byId != null) {
      byId.remove(r.id());
    }
  }

  public Clock clock() {
    return clock;
  }

  public long nowMs() {
    return clock.millis();
  }

  /** The committed resource (shared: do not mutate), or null. */
  public <T extends Resource> T get(Class<T> type, String tenant, String id) {
    if (tenant == null || id == null) {
      return null;
    }
    Map<String, Resource> byId = data.get(kind(type)).get(tenant);
    return byId == null ? null : type.cast(byId.get(id));
  }

  /** The tenant's committed resources of a type, sorted by id (shared: do not mutate). */
  public <T extends Resource> List<T> list(Class<T> type, String tenant) {
    Map<String, Resource> byId = data.get(kind(type)).get(tenant);
    List<T> out = new ArrayList<>();
    if (byId != null) {
      for (Resource r : byId.values()) {
        out.add(type.cast(r));
      }
    }
    out.sort(Comparator.comparing(Resource::id));
    return out;
  }

  /** How many committed resources of a type, in every tenant, match; no copy, no sort. */
  public <T extends Resource> int count(Class<T> type, java.util.function.Predicate<? super T> match) {
    int n = 0;
    for (Map<String, Resource> byId : data.get(kind(type)).values()) {
      for (Resource r : byId.values()) {
        if (match.test(type.cast(r))) {
          n++;
        }
      }
    }
    return n;
  }

  /** Every tenant's committed resources of a type (shared: do not mutate). */
  public <T extends Resource> List<T> listAll(Class<T> type) {
    List<T> out = new ArrayList<>();
    for (Map<String, Resource> byId : data.get(kind(type)).values()) {
      for (Resource r : byId.values()) {
        out.add(type.cast(r));
      }
    }
    out.sort(Comparator.comparing(Resource::tenant).thenComparing(Resource::id));
    return out;
  }

  public World world() {
    return world;
  }

  public Token token(String token) {
    return token == null ? null : tokens.get(token);
  }

  public Collection<Token> tokens() {
    return tokens.values();
  }

  /** The AK/SK pair with access key id {@code ak}, or null. */
  public AccessKey accessKey(String ak) {
    return ak == null ? null : accessKeys.get(ak);
  }

  public IdempotencyRecord idempotency(String tenant, String key) {
    return idempotency.get(tenant + "\n" + key);
  }

  /**
   * Runs {@code work} alone (writes are serialized) and commits what it staged in one
   * transaction before returning. If {@code work} throws, nothing is kept.
   */
  public <R> R write(Caller caller, String operation, Function<Tx, R> work) {
    synchronized (writeLock) {
      Tx tx = new Tx(this, caller, operation, clock.millis());
      R result = work.apply(tx);
      if (tx.hasChanges()) {
        commit(tx);
      }
      return result;
    }
  }

  private void commit(Tx tx) {
    try {
      try (PreparedStatement put = conn.prepareStatement(
              "INSERT OR REPLACE INTO resources (kind, tenant, id, doc) VALUES (?, ?, ?, ?)");
          PreparedStatement del = conn.prepareStatement(
              "DELETE FROM resources WHERE kind = ? AND tenant = ? AND id = ?");
          PreparedStatement audit = conn.prepareStatement(
              "INSERT INTO audit (at, actor, tenant, operation, resource_id, detail) VALUES (?, ?, ?, ?, ?, ?)");
          PreparedStatement idem = conn.prepareStatement(
              "INSERT OR REPLACE INTO idempotency (tenant, key, doc) VALUES (?, ?, ?)");
          PreparedStatement tok = conn.prepareStatement(
              "INSERT OR REPLACE INTO tokens (token, doc) VALUES (?, ?)");
          PreparedStatement keys = conn.prepareStatement(
              "INSERT OR REPLACE INTO access_keys (ak, doc) VALUES (?, ?)");
          PreparedStatement cfg = conn.prepareStatement(
              "INSERT OR REPLACE INTO config (name, doc) VALUES ('world', ?)")) {
        for (Resource r : tx.staged.values()) {
          put.setString(1, kind(r.getClass()));
          put.setString(2, r.tenant());
          put.setString(3, r.id());
          put.setString(4, Json.string(r));
          put.addBatch();
        }
        put.executeBatch();
        for (Resource r : tx.deleted.values()) {
          del.setString(1, kind(r.getClass()));
          del.setString(2, r.tenant());
          del.setString(3, r.id());
          del.addBatch();
        }
        del.executeBatch();
        for (AuditEntry e : tx.audits) {
          audit.setString(1, e.at);
          audit.setString(2, e.actor);
          audit.setString(3, e.tenant);
          audit.setString(4, e.operation);
          audit.setString(5, e.resourceId);
          audit.setString(6, e.detail);
          audit.addBatch();
        }
        audit.executeBatch();
        if (tx.idempotency != null) {
          idem.setString(1, tx.idempotency.tenant);
          idem.setString(2, tx.idempotency.key);
          idem.setString(3, Json.string(tx.idempotency));
          idem.executeUpdate();
        }
        for (Token t : tx.tokens) {
          tok.setString(1, t.token);
          tok.setString(2, Json.string(t));
          tok.addBatch();
        }
        tok.executeBatch();
        for (AccessKey k : tx.accessKeys) {
          keys.setString(1, k.ak);
          keys.setString(2, Json.string(k));
          keys.addBatch();
        }
        keys.executeBatch();
        if (tx.world != null) {
          cfg.setString(1, Json.string(tx.world));
          cfg.executeUpdate();
        }
      }
      conn.commit();
    } catch (SQLException e) {
      try {
        conn.rollback();
      } catch (SQLException ignored) {
        // the original failure is the one to report
      }
      throw new IllegalStateException("database write failed: " + e.getMessage(), e);
    }
    tx.staged.values().forEach(this::install);
    tx.deleted.values().forEach(this::uninstall);
    if (tx.idempotency != null) {
      idempotency.put(tx.idempotency.tenant + "\n" + tx.idempotency.key, tx.idempotency);
    }
    tx.tokens.forEach(t -> tokens.put(t.token, t));
    tx.accessKeys.forEach(k -> accessKeys.put(k.ak, k));
    if (tx.world != null) {
      world = tx.world;
    }
  }

  /** Audit entries with {@code seq > since}, oldest first, at most {@code limit}. */
  public List<AuditEntry> audit(long since, int limit) {
    synchronized (writeLock) {
      List<AuditEntry> out = new ArrayList<>();
      try (PreparedStatement ps = conn.prepareStatement(
          "SELECT seq, at, actor, tenant, operation, resource_id, detail FROM audit"
              + " WHERE seq > ? ORDER BY seq LIMIT ?")) {
        ps.setLong(1, since);
        ps.setInt(2, limit);
        try (ResultSet rs = ps.executeQuery()) {
          while (rs.next()) {
            AuditEntry e = new AuditEntry();
            e.seq = rs.getLong(1);
            e.at = rs.getString(2);
            e.actor = rs.getString(3);
            e.tenant = rs.getString(4);
            e.operation = rs.getString(5);
            e.resourceId = rs.getString(6);
            e.detail = rs.getString(7);
            out.add(e);
          }
        }
        conn.commit();
      } catch (SQLException e) {
        throw new IllegalStateException("database read failed: " + e.getMessage(), e);
      }
      return out;
    }
  }

  @Override
  public void close() {
    synchronized (writeLock) {
      try {
        conn.close();
      } catch (SQLException e) {
        throw new IllegalStateException(e);
      }
    }
  }
}
