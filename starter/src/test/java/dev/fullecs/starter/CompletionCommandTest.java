package dev.fullecs.starter;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/** Issue 16: {@code fullecs completion bash} completes every command of the CLI. */
class CompletionCommandTest {
  private final StringWriter out = new StringWriter();
  private final StringWriter err = new StringWriter();

  private int run(String... args) {
    CommandLine cmd = FullEcsCli.commandLine(StarterContext.of(Map.of(), null, false, Duration.ofMillis(100)));
    cmd.setOut(new PrintWriter(out, true));
    cmd.setErr(new PrintWriter(err, true));
    return cmd.execute(args);
  }

  @Test
  void theBashCompletionScriptNamesEveryCommandAndNotTheDemoOrTheCodecServer() {
    assertThat(run("completion", "bash")).as(err.toString()).isZero();
    String script = out.toString();
    assertThat(script).contains("complete -F _complete_fullecs").contains("_picocli_fullecs");
    Set<String> expected = new TreeSet<>(FullEcsCli.commandLine(
        StarterContext.of(Map.of(), null, false, Duration.ofMillis(100))).getSubcommands().keySet());
    assertThat(expected).contains("create", "watch", "list", "show", "provision", "completion")
        .doesNotContain("demo", "codec-server");
    // the top level's list of commands, as the script offers it after "fullecs "
    String commands = script.lines().filter(l -> l.strip().startsWith("local commands=")).findFirst().orElseThrow();
    Set<String> offered = new TreeSet<>(Arrays.asList(
        commands.substring(commands.indexOf('"') + 1, commands.lastIndexOf('"')).trim().split("\\s+")));
    assertThat(offered).isEqualTo(expected);
    // and each command's own options: create's --server, watch's --json
    assertThat(script).contains("--server").contains("--maintenance-window").contains("--json");
  }

  @Test
  void theCompletionScriptLoadsInBashAndCompletesASubcommand() throws Exception {
    org.junit.jupiter.api.Assumptions.assumeTrue(bash() != null, "no bash on this machine");
    assertThat(run("completion")).isZero();
    java.nio.file.Path script = java.nio.file.Files.createTempFile("fullecs-completion", ".bash");
    try {
      java.nio.file.Files.writeString(script, out.toString());
      // what bash does on "fullecs prov<TAB>"
      Process p = new ProcessBuilder(bash(), "-c", "source " + script
          + " && COMP_WORDS=(fullecs prov) && COMP_CWORD=1 && COMP_LINE='fullecs prov' && COMP_POINT=12"
          + " && _complete_fullecs && echo \"${COMPREPLY[@]}\"").redirectErrorStream(true).start();
      assertThat(p.waitFor(30, TimeUnit.SECONDS)).isTrue();
      String answer = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
      assertThat(p.exitValue()).as(answer).isZero();
      assertThat(answer).isEqualTo("provision");
    } finally {
      java.nio.file.Files.deleteIfExists(script);
    }
  }

  @Test
  void zshGetsTheSameScriptWhichLoadsBashcompinitItself() {
    assertThat(run("completion", "bash")).isZero();
    String bash = out.toString();
    out.getBuffer().setLength(0);
    assertThat(run("completion", "zsh")).isZero();
    assertThat(out.toString()).isEqualTo(bash).contains("ZSH_VERSION").contains("bashcompinit");
  }

  @Test
  void anUnknownShellIsExit2WithASentence() {
    assertThat(run("completion", "fish")).isEqualTo(2);
    assertThat(err.toString()).startsWith("error: Invalid value for positional parameter at index 0 (SHELL): "
        + "expected one of [bash, zsh]");
  }

  private static String bash() {
    for (String dir : List.of("/bin", "/usr/bin", "/usr/local/bin")) {
      if (new java.io.File(dir, "bash").canExecute()) {
        return dir + "/bash";
      }
    }
    return null;
  }
}
