package dev.fullecs.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import dev.fullecs.testkit.CliResult;
import dev.fullecs.testkit.Stack;
import io.temporal.api.enums.v1.WorkflowExecutionStatus;
import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebDriverException;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * Temporal's Web UI in headless Chromium (Debian's chromium and chromium-driver, Selenium's
 * classic WebDriver, nothing downloaded), and what the e2e tests check in it, on a stack of either
 * kind: the dev server's UI ({@link WebUiTest}) or the cluster's UI server ({@link ClusterWebUiTest}).
 * Screenshots in {@code target/screenshots/}.
 */
final class WebUi implements AutoCloseable {
  static final String CHROMIUM = System.getProperty("e2e.chromium", "/usr/bin/chromium");
  static final String CHROMEDRIVER = System.getProperty("e2e.chromedriver", "/usr/bin/chromedriver");
  static final Path SCREENSHOTS = Path.of(System.getProperty("e2e.out", "target")).resolve("screenshots");

  /** The two creations of {@link #checkListSummaryProgressAndMemo}: the one left running, the cancelled one. */
  record Checked(String running, String cancelled, String keptSnapshot) {}

  private final WebDriver browser;
  private final String screenshotPrefix;

  WebUi(String screenshotPrefix) {
    this.screenshotPrefix = screenshotPrefix;
    try {
      Files.createDirectories(SCREENSHOTS);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    System.setProperty("SE_OFFLINE", "true");
    System.setProperty("webdriver.chrome.driver", CHROMEDRIVER);
    ChromeOptions options = new ChromeOptions();
    options.setBinary(CHROMIUM);
    options.addArguments("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
        "--window-size=1600,1000");
    ChromeDriverService service = new ChromeDriverService.Builder()
        .usingDriverExecutable(new File(CHROMEDRIVER)).usingAnyFreePort().build();
    browser = new ChromeDriver(service, options);
  }

  @Override
  public void close() {
    browser.quit();
  }

  /**
   * Two creations, of ecs-web-01 (left running in its snapshots: the stack's snapshots must last
   * long enough to look at it) and of ecs-single-disk (cancelled in its snapshots); then in the
   * UI: the list filtered by EcsId, the running creation's summary, details and progress table
   * (User Metadata), the progress query (Queries), the cancelled creation's memo (Memo).
   */
  Checked checkListSummaryProgressAndMemo(Stack stack) throws IOException {
    String running = stack.create("ui-running", "ecs-web-01", "vault-backup", "web-01-ui");
    String cancelled = stack.create("ui-cancelled", "ecs-single-disk", "vault-backup", "single-ui");
    Creations.awaitPendingActivity(stack, running, "AwaitSnapshot", true, Duration.ofSeconds(60));
    Creations.awaitPendingActivity(stack, cancelled, "AwaitSnapshot", true, Duration.ofSeconds(60));
    CliResult cancel = stack.starter("cancel", cancelled, "--json");
    assertThat(cancel.exitCode()).as(cancel.toString()).isZero();
    assertThat(Creations.describe(stack, cancelled).getStatus())
        .isEqualTo(WorkflowExecutionStatus.WORKFLOW_EXECUTION_STATUS_CANCELED);
    String keptSnapshot = Creations.retained(stack, cancelled).path("snapshotIds").path(0).asText();
    assertThat(keptSnapshot).startsWith("snap-");

    // 1. The list, filtered by EcsId: the running creation is there, the other server's is not.
    String query = URLEncoder.encode("EcsId=\"ecs-web-01\"", StandardCharsets.UTF_8).replace("+", "%20");
    browser.get(stack.uiUrl() + "/namespaces/default/workflows?query=" + query);
    waitForText(running);
    assertThat(bodyText()).doesNotContain(cancelled);
    // The dev server's UI (2.54) shows statuses in capitals, the cluster's UI server (2.34, compose's pin) capitalized.
    assertThat(bodyText()).contains("EcsId = \"ecs-web-01\"").containsIgnoringCase("RUNNING")
        .containsIgnoringCase("1 RUNNING");
    screenshot("1-list-filtered-by-ecs-id");

    // 2. Open it: the starter's summary and details, the workflow's progress table (current details).
    // The UI 2.54 shows them on its tab User Metadata; the UI server 2.34 in the sections Summary &
    // Details and Current Details of the workflow's page, closed until clicked.
    browser.findElement(By.linkText(running)).click();
    if (waitForTab("User Metadata", "Summary & Details").equals("User Metadata")) {
      tab("User Metadata");
      waitForText("Current Details");
    } else {
      tab("Summary & Details");
      tab(waitForTab("Current Details"));
    }
    waitForText("SNAPSHOT_DISKS");
    String page = bodyText();
    assertThat(page).contains("Full-ECS image web-01-ui of ECS ecs-web-01"); // static summary
    assertThat(page).contains("into vault vault-backup").contains("tenant tenant-a"); // static details
    assertThat(page).contains("step").contains("SNAPSHOT_DISKS").contains("ecs-web-01"); // progress table
    assertThat(page).contains(Creations.imageId(stack, running));
    screenshot("2-running-creation-user-metadata");

    // The Queries tab offers the progress query; running it shows the step. The UI 2.54 selects it
    // (the first query type); the UI server 2.34 selects Temporal's own __temporal_workflow_metadata
    // and offers progress in the query type's menu.
    tab("Queries");
    waitForText("Run Query");
    new WebDriverWait(browser, Duration.ofSeconds(30)).until(d -> queryTypeSelected("progress")
        || queryTypeSelected("__temporal_workflow_metadata"));
    if (!queryTypeSelected("progress")) {
      browser.findElement(By.cssSelector("[data-testid='query-select-button']")).click();
      browser.findElement(By.xpath("//li[@role='option'][normalize-space(.)='progress']")).click();
      new WebDriverWait(browser, Duration.ofSeconds(30)).until(d -> queryTypeSelected("progress"));
    }
    browser.findElement(By.xpath("//button[normalize-space(.)='Run Query']")).click();
    waitForText("\"imageStatus\"");
    assertThat(bodyText()).contains("SNAPSHOT_DISKS").contains("CREATING");
    screenshot("3-running-creation-progress-query");

    // 3. The cancelled creation: its memo says what was kept (2.54: tab Memo; 2.34: tab Metadata, section Memo).
    browser.get(stack.uiUrl() + "/namespaces/default/workflows/" + cancelled);
    tab(waitForTab("Memo", "Metadata"));
    waitForText("retained");
    page = bodyText();
    assertThat(page).contains("retained").contains(keptSnapshot).contains("DELETED");
    screenshot("4-cancelled-creation-memo");
    return new Checked(running, cancelled, keptSnapshot);
  }

  private void tab(String name) {
    browser.findElement(By.xpath("//*[self::a or self::button][normalize-space(.)='" + name + "']")).click();
  }

  private boolean queryTypeSelected(String type) {
    return Boolean.TRUE.equals(((JavascriptExecutor) browser).executeScript(
        "return Array.from(document.querySelectorAll('input')).some(i => i.value === arguments[0])", type));
  }

  /** Waits for a tab or section button of one of these names; returns the first of them on the page. */
  private String waitForTab(String... names) {
    String[] found = new String[1];
    try {
      new WebDriverWait(browser, Duration.ofSeconds(30)).until(d -> {
        for (String name : names) {
          if (!d.findElements(By.xpath("//*[self::a or self::button][normalize-space(.)='" + name + "']")).isEmpty()) {
            found[0] = name;
            return true;
          }
        }
        return false;
      });
    } catch (RuntimeException e) {
      throw new AssertionError("the page never showed a tab \"" + String.join("\" or \"", names) + "\"; it shows:\n"
          + bodyText(), e);
    }
    return found[0];
  }

  private void waitForText(String text) {
    try {
      new WebDriverWait(browser, Duration.ofSeconds(30)).until(d -> bodyText().contains(text));
    } catch (RuntimeException e) {
      try {
        screenshot("failed-waiting-for-" + text.replaceAll("[^A-Za-z0-9-]", "_"));
      } catch (IOException ignored) {
        // the assertion below says what is missing
      }
      throw new AssertionError("the page never showed \"" + text + "\"; it shows:\n" + bodyText(), e);
    }
  }

  /**
   * The page's text, including that of its iframes: the UI renders the summary, details and
   * current details (markdown) in sandboxed iframes.
   */
  private String bodyText() {
    StringBuilder text = new StringBuilder(browser.findElement(By.tagName("body")).getText());
    for (WebElement frame : browser.findElements(By.tagName("iframe"))) {
      try {
        browser.switchTo().frame(frame);
        text.append('\n').append(browser.findElement(By.tagName("body")).getText());
      } catch (WebDriverException e) {
        // a frame that went away while the page re-rendered: read again on the next poll
      } finally {
        browser.switchTo().defaultContent();
      }
    }
    return text.toString();
  }

  private void screenshot(String name) throws IOException {
    File shot = ((TakesScreenshot) browser).getScreenshotAs(OutputType.FILE);
    Path to = SCREENSHOTS.resolve(screenshotPrefix + name + ".png");
    Files.copy(shot.toPath(), to, StandardCopyOption.REPLACE_EXISTING);
    System.out.println("[e2e] screenshot " + to);
  }
}
