package dev.fullecs.testkit.junit;

import dev.fullecs.testkit.Stack;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.stream.Stream;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;

/**
 * One stack for a test class: started before its first test, stopped after its last, handed to
 * any test or lifecycle method that takes a {@link Stack} parameter. Its run directory is
 * {@code <testkit.runs>/<test class>} (system property {@code testkit.runs}, default
 * {@code target/stack-runs}), emptied first, unless the spec names one.
 *
 * <pre>
 * &#64;RegisterExtension
 * static final StackPerClass stacks = new StackPerClass(Stack.dev().emulatorOptions("--time-scale", "0.2"));
 *
 * &#64;Test
 * void something(Stack stack) { ... }
 * </pre>
 */
public final class StackPerClass implements BeforeAllCallback, AfterAllCallback, ParameterResolver {
  private final Stack.Spec spec;
  private Stack stack;

  public StackPerClass(Stack.Spec spec) {
    this.spec = spec;
  }

  /** The running stack (between the class's first and last test). */
  public Stack stack() {
    if (stack == null) {
      throw new IllegalStateException("the stack runs only while its test class does");
    }
    return stack;
  }

  @Override
  public void beforeAll(ExtensionContext context) {
    if (spec.runDir() == null) {
      Path dir = Path.of(System.getProperty("testkit.runs", "target/stack-runs"))
          .resolve(context.getRequiredTestClass().getSimpleName()).toAbsolutePath();
      deleteRecursively(dir);
      spec.runDir(dir);
    }
    stack = spec.start();
  }

  @Override
  public void afterAll(ExtensionContext context) {
    if (stack != null) {
      stack.close();
      stack = null;
    }
  }

  @Override
  public boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
    return parameter.getParameter().getType() == Stack.class;
  }

  @Override
  public Object resolveParameter(ParameterContext parameter, ExtensionContext context) {
    return stack();
  }

  private static void deleteRecursively(Path dir) {
    if (!Files.exists(dir)) {
      return;
    }
    try (Stream<Path> walk = Files.walk(dir)) {
      for (Path f : walk.sorted(Comparator.reverseOrder()).toList()) {
        Files.delete(f);
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
