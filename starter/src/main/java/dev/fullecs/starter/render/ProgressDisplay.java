package dev.fullecs.starter.render;

import dev.fullecs.contract.CreationProgress;
import dev.fullecs.contract.MaintenanceWindow;
import dev.fullecs.contract.Step;
import dev.fullecs.contract.StepTiming;
import dev.fullecs.starter.temporal.LiveProgress;
import java.io.PrintWriter;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Shows {@link LiveProgress}: on a terminal, a table per step and per disk refreshed in place;
 * otherwise one plain line per change, so logs and pipes stay readable.
 */
public abstract class ProgressDisplay {

  public abstract void show(LiveProgress live);

  public static ProgressDisplay forOutput(PrintWriter out, boolean terminal, boolean json) {
    if (json) {
      return new ProgressDisplay() {
        @Override
        public void show(LiveProgress live) {}
      };
    }
    return terminal ? new InPlace(out) : new Plain(out);
  }

  /** The table, one string per line. */
  public static List<String> table(LiveProgress live) {
    List<String> lines = new ArrayList<>();
    CreationProgress p = live.progress();
    StringBuilder head = new StringBuilder("creation ").append(live.workflowId()).append(": ").append(live.status());
    if (p != null) {
      head.append(", step ").append(p.step());
      if (p.imageId() != null) {
        head.append(", image ").append(p.imageId()).append(' ').append(nz(p.imageStatus()));
        if (p.availableAzs() != null && !p.availableAzs().isEmpty()) {
          head.append(" in ").append(String.join(",", p.availableAzs()));
        }
      }
      if (p.maintenanceWindowLeftMillis() != null) {
        head.append(", window ")
            .append(MaintenanceWindow.format(Duration.ofMillis(Math.max(0, p.maintenanceWindowLeftMillis()))))
            .append(" left");
      }
    } else {
      head.append(" (no worker answered the progress query yet)");
    }
    lines.add(head.toString());
    if (p == null) {
      return lines;
    }
    Map<String, StepTiming> timings = new HashMap<>();
    if (p.timings() != null) {
      for (StepTiming t : p.timings()) {
        timings.put(t.step(), t);
      }
    }
    long now = System.currentTimeMillis();
    // one table (picocli's TextTable through Text): the steps, each disk under the snapshots, the backup under its step
    List<List<String>> rows = new ArrayList<>();
    for (Step step : Step.values()) {
      if (step == Step.DONE || (step == Step.CLEANUP && !timings.containsKey(step.name()) && !step.name().equals(p.step()))) {
        continue;
      }
      StepTiming t = timings.get(step.name());
      boolean current = step.name().equals(p.step()) && "RUNNING".equals(live.status());
      String mark = current ? "[ .. ]" : t != null ? "[done]" : "[    ]";
      String time = t == null ? "" : String.format(Locale.ROOT, "%.1fs", LiveProgress.stepMillis(t, p.step(), now) / 1000.0);
      rows.add(List.of(mark, step.name(), time));
      if (step == Step.SNAPSHOT_DISKS) {
        for (LiveProgress.DiskLine d : live.disks()) {
          rows.add(List.of("", "  disk " + d.diskId(), nz(d.role()), (d.sizeGib() == 0 ? "?" : d.sizeGib()) + " GiB",
              nz(d.snapshotId()), bar(d.percent()) + " " + d.percent() + "%", nz(d.state()) + retry(d.attempt(), d.lastFailure())));
        }
      }
      if (step == Step.BACKUP_SERVER && live.backup() != null) {
        LiveProgress.ResourceLine b = live.backup();
        rows.add(List.of("", "  backup", "", "", nz(b.id()), bar(b.percent()) + " " + b.percent() + "%",
            nz(b.state()) + retry(b.attempt(), b.lastFailure())));
      }
    }
    lines.addAll(Text.table(rows, 2).lines().toList());
    return lines;
  }

  private static String retry(int attempt, String lastFailure) {
    return attempt > 1 ? "  (attempt " + attempt + (lastFailure == null ? "" : ", last: " + lastFailure) + ")" : "";
  }

  private static String bar(int percent) {
    int filled = Math.max(0, Math.min(10, percent / 10));
    return "[" + "#".repeat(filled) + "-".repeat(10 - filled) + "]";
  }

  private static String nz(String s) {
    return s == null ? "" : s;
  }

  /** Redraws the table in place with ANSI cursor movement. */
  public static final class InPlace extends ProgressDisplay {
    private final PrintWriter out;
    private int drawn;

    InPlace(PrintWriter out) {
      this.out = out;
    }

    @Override
    public void show(LiveProgress live) {
      List<String> lines = table(live);
      StringBuilder b = new StringBuilder();
      if (drawn > 0) {
        b.append("\u001b[").append(drawn).append('F');
      }
      for (String line : lines) {
        b.append("\u001b[2K").append(line).append('\n');
      }
      for (int i = lines.size(); i < drawn; i++) {
        b.append("\u001b[2K\n");
      }
      out.print(b);
      out.flush();
      drawn = Math.max(drawn, lines.size());
    }
  }

  /** One line per change: a new step, a disk or the backup crossing a quarter, a retry. */
  public static final class Plain extends ProgressDisplay {
    private final PrintWriter out;
    private final Map<String, String> last = new HashMap<>();

    Plain(PrintWriter out) {
      this.out = out;
    }

    @Override
    public void show(LiveProgress live) {
      CreationProgress p = live.progress();
      if (p != null) {
        String image = p.imageId() == null || p.imageStatus() == null ? "" : " (image " + p.imageId() + " " + p.imageStatus()
            + (p.availableAzs() == null || p.availableAzs().isEmpty() ? "" : " in " + String.join(",", p.availableAzs())) + ")";
        emit(live, "step", p.step() + image, "step " + p.step() + image);
      }
      for (LiveProgress.DiskLine d : live.disks()) {
        if (d.snapshotId() == null && d.attempt() == 0) {
          continue;
        }
        emit(live, "disk " + d.diskId(), d.state() + (d.percent() / 25) + "/" + d.attempt(),
            "disk " + d.diskId() + (d.role().isEmpty() ? "" : " (" + d.role() + ", " + d.sizeGib() + " GiB)")
                + ": snapshot " + nz(d.snapshotId()) + " " + nz(d.state()) + " " + d.percent() + "%"
                + retry(d.attempt(), d.lastFailure()));
      }
      LiveProgress.ResourceLine b = live.backup();
      if (b != null) {
        emit(live, "backup", b.state() + (b.percent() / 25) + "/" + b.attempt(),
            "backup " + nz(b.id()) + " " + nz(b.state()) + " " + b.percent() + "%" + retry(b.attempt(), b.lastFailure()));
      }
      out.flush();
    }

    private void emit(LiveProgress live, String key, String state, String line) {
      if (!state.equals(last.put(key, state))) {
        out.printf(Locale.ROOT, "[%6.1fs] %s%n", live.elapsedMillis() / 1000.0, line);
      }
    }
  }
}
