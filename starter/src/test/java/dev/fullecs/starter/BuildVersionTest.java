package dev.fullecs.starter;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/** Issue 16: {@code fullecs --version} names the build: version, git commit, build time. */
class BuildVersionTest {
  private final StringWriter out = new StringWriter();
  private final StringWriter err = new StringWriter();

  private int run(String... args) {
    CommandLine cmd = FullEcsCli.commandLine(StarterContext.of(Map.of(), null, false, Duration.ofMillis(100)));
    cmd.setOut(new PrintWriter(out, true));
    cmd.setErr(new PrintWriter(err, true));
    return cmd.execute(args);
  }

  @Test
  void versionNamesTheProjectVersionTheGitCommitAndTheBuildTime() throws Exception {
    assertThat(run("--version")).isZero();
    String line = out.toString().strip();
    assertThat(line).matches("fullecs 0\\.1\\.0-SNAPSHOT \\(commit ([0-9a-f]{7,40}(-dirty)?(, \\S+)?|unknown);"
        + " built \\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\dZ\\)");
    String head = gitHead();
    if (head != null) {
      // built in a git checkout: the commit is this one (the test runs against the classes just built)
      String commit = BuildVersion.current().commit().replace("-dirty", "");
      assertThat(commit).isNotEqualTo("unknown");
      assertThat(head).startsWith(commit);
    }
    assertThat(run("-V")).isZero();
  }

  @Test
  void whatMavenDidNotFillInReadsUnknown() {
    Properties p = new Properties();
    p.setProperty("version", "0.1.0-SNAPSHOT");
    p.setProperty("commit", "${git.commit.id.abbrev}");
    p.setProperty("dirty", "${git.dirty}");
    p.setProperty("commit_time", "");
    p.setProperty("build_time", "2026-11-29T11:00:00Z");
    assertThat(new BuildVersion(p)).hasToString("0.1.0-SNAPSHOT (commit unknown; built 2026-11-29T11:00:00Z)");
    assertThat(new BuildVersion(new Properties())).hasToString("unknown (commit unknown; built unknown)");

    p.setProperty("commit", "96b1282");
    p.setProperty("dirty", "true");
    p.setProperty("commit_time", "2026-11-29T10:12:00Z");
    assertThat(new BuildVersion(p))
        .hasToString("0.1.0-SNAPSHOT (commit 96b1282-dirty, 2026-11-29T10:12:00Z; built 2026-11-29T11:00:00Z)");
  }

  private static String gitHead() {
    try {
      Process p = new ProcessBuilder("git", "rev-parse", "HEAD").redirectErrorStream(true).start();
      if (!p.waitFor(10, TimeUnit.SECONDS) || p.exitValue() != 0) {
        return null;
      }
      String head = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
      return head.matches("[0-9a-f]{40}") ? head : null;
    } catch (Exception e) {
      return null;
    }
  }
}
