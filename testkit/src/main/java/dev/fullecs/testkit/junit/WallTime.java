package dev.fullecs.testkit.junit;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * Prints the wall time of each scenario (test method), and of its class with its stack's start
 * and stop, and appends them to the file of system property {@code testkit.wallTimes} (default
 * {@code target/wall-times.txt}). Register it before the {@link StackPerClass} (with
 * {@code @ExtendWith} on the class) so that the class's time includes the stack's.
 */
public final class WallTime implements BeforeAllCallback, AfterAllCallback, BeforeEachCallback, AfterEachCallback {
  private static final ExtensionContext.Namespace NS = ExtensionContext.Namespace.create(WallTime.class);

  @Override
  public void beforeAll(ExtensionContext context) {
    context.getStore(NS).put("class", System.nanoTime());
  }

  @Override
  public void beforeEach(ExtensionContext context) {
    context.getStore(NS).put("test", System.nanoTime());
  }

  @Override
  public void afterEach(ExtensionContext context) {
    long started = context.getStore(NS).get("test", Long.class);
    String outcome = context.getExecutionException().isPresent() ? "FAILED" : "passed";
    record(String.format("scenario %s.%s: %.1f s (%s)", context.getRequiredTestClass().getSimpleName(),
        context.getRequiredTestMethod().getName(), (System.nanoTime() - started) / 1e9, outcome));
  }

  @Override
  public void afterAll(ExtensionContext context) {
    long started = context.getStore(NS).get("class", Long.class);
    record(String.format("class %s with stack start and stop: %.1f s",
        context.getRequiredTestClass().getSimpleName(), (System.nanoTime() - started) / 1e9));
  }

  private static void record(String line) {
    System.out.println("[wall time] " + line);
    Path file = Path.of(System.getProperty("testkit.wallTimes", "target/wall-times.txt")).toAbsolutePath();
    try {
      Files.createDirectories(file.getParent());
      Files.writeString(file, line + System.lineSeparator(), StandardOpenOption.CREATE, StandardOpenOption.APPEND);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
