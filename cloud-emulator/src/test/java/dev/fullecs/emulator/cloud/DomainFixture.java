package dev.fullecs.emulator.cloud;

import dev.fullecs.emulator.fault.Faults;
import dev.fullecs.emulator.http.RequestStats;
import dev.fullecs.emulator.refusal.Refusal;
import dev.fullecs.emulator.inventory.InventoryLoader;
import dev.fullecs.emulator.store.Store;
import dev.fullecs.emulator.store.Tx;
import dev.fullecs.emulator.tenant.Caller;
import dev.fullecs.emulator.tenant.TokenKind;
import dev.fullecs.emulator.timing.LoadModel;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.function.Function;
import org.assertj.core.api.Assertions;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;

/**
 * The rules of the cloud without HTTP: the default inventory in a store on a temporary file, a
 * clock the test moves, every snapshot taking {@link #SNAPSHOT} and every backup {@link #BACKUP}.
 */
public final class DomainFixture implements AutoCloseable {
  public static final Duration SNAPSHOT = Duration.ofSeconds(10);
  public static final Duration BACKUP = Duration.ofSeconds(20);
  public static final String TENANT = "tenant-a";
  public static final Caller SERVICE = new Caller(TokenKind.SERVICE, TENANT);
  public static final Caller OWNER = new Caller(TokenKind.TENANT, TENANT);

  public final ManualClock clock = new ManualClock(Instant.parse("2026-12-01T08:00:00Z"));
  public final Store store;
  public final Cloud cloud;

  public DomainFixture(Path dir) {
    store = Store.open(dir.resolve("cloud.db"), clock, Cloud.RESOURCE_KINDS);
    InventoryLoader.loadIfEmpty(store, InventoryLoader.read(null));
    cloud = Cloud.over(store, new Faults(), new LoadModel(1.0, SNAPSHOT, BACKUP), new RequestStats());
  }

  /** Runs {@code work} as one write of {@code caller}: kept if it returns, nothing kept if it throws. */
  public <R> R write(Caller caller, Function<Tx, R> work) {
    return store.write(caller, "test", work);
  }

  /** The refusal {@code call} throws (it must throw one). */
  public static Refusal refusal(ThrowingCallable call) {
    Refusal r = Assertions.catchThrowableOfType(Refusal.class, call);
    Assertions.assertThat(r).as("a refusal").isNotNull();
    return r;
  }

  public void advance(Duration d) {
    clock.advance(d);
  }

  @Override
  public void close() {
    store.close();
  }
}
