package dev.fullecs.emulator;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** What a user sees when the emulator is started wrong: one sentence, no stack trace, nothing made. */
class EmulatorCommandLineTest {
  @TempDir Path dir;

  private final StringWriter err = new StringWriter();

  private int run(String... args) {
    CommandLine cmd = EmulatorMain.commandLine();
    cmd.setErr(new PrintWriter(err, true));
    return cmd.execute(args);
  }

  @Test
  void aMissingInventoryIsOneSentenceAndCreatesNoDatabase() {
    Path db = dir.resolve("cloud.db");
    int code = run("--port", "0", "--db", db.toString(), "--inventory", dir.resolve("nope.json").toString());

    assertThat(code).isEqualTo(2);
    assertThat(err.toString()).startsWith("error: --inventory " + dir.resolve("nope.json") + ": no such file")
        .doesNotContain("Exception").doesNotContain("\tat ");
    assertThat(db).doesNotExist();
  }

  @Test
  void anInventoryThatIsNotJsonIsOneSentence() throws Exception {
    Path inventory = Files.writeString(dir.resolve("bad.json"), "servers: [");
    Path db = dir.resolve("cloud.db");
    int code = run("--port", "0", "--db", db.toString(), "--inventory", inventory.toString());

    assertThat(code).isEqualTo(1);
    assertThat(db).doesNotExist();
    assertThat(err.toString()).startsWith("error: cannot read inventory " + inventory)
        .doesNotContain("\tat ");
    assertThat(err.toString().lines().count()).isEqualTo(1);
  }

  @Test
  void generateInventoryWithAMissingBaseIsOneSentence() {
    Path out = dir.resolve("out.json");
    int code = run("generate-inventory", "--servers", "2", "--base", dir.resolve("nope.json").toString(),
        "--out", out.toString());

    assertThat(code).isEqualTo(2);
    assertThat(err.toString()).startsWith("error: --base " + dir.resolve("nope.json") + ": no such file");
    assertThat(out).doesNotExist();
  }
}
