package dev.fullecs.e2e;

import dev.fullecs.testkit.Stack;
import dev.fullecs.testkit.junit.StackPerClass;
import dev.fullecs.testkit.junit.WallTime;
import java.io.IOException;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The dev server's Web UI in headless Chromium ({@link WebUi}): the list filtered by EcsId, a
 * running creation's summary and progress table, a cancelled creation's memo.
 */
@ExtendWith(WallTime.class)
class WebUiTest {
  // Snapshots that take 3 minutes keep the first creation running while the browser looks at it.
  @RegisterExtension
  static final StackPerClass stacks = new StackPerClass(
      Stack.dev().emulatorOptions("--fixed-snapshot-seconds", "180", "--fixed-backup-seconds", "5"));

  static WebUi browser;

  @BeforeAll
  static void browser() {
    browser = new WebUi("");
  }

  @AfterAll
  static void closeBrowser() {
    if (browser != null) {
      browser.close();
    }
  }

  @Test
  void theWebUiListsCreationsByEcsIdAndShowsSummaryProgressAndWhatACancelKept(Stack stack) throws IOException {
    browser.checkListSummaryProgressAndMemo(stack);
  }
}
