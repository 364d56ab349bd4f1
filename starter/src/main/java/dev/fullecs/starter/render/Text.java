package dev.fullecs.starter.render;

import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import picocli.CommandLine.Help.Column;
import picocli.CommandLine.Help.TextTable;
import picocli.CommandLine.Help;

/** Where {@link TextViews} write: lines, aligned fields and tables (picocli's {@code TextTable}). */
public final class Text {
  private static final Help.ColorScheme PLAIN = Help.defaultColorScheme(Help.Ansi.OFF);

  public final PrintWriter out;
  public final PrintWriter err;

  public Text(PrintWriter out, PrintWriter err) {
    this.out = out;
    this.err = err;
  }

  public void line(String line) {
    out.println(line);
  }

  /** A table: every column as wide as its widest cell, two spaces apart; {@code null} cells show as "-". */
  public void table(List<String> header, List<List<String>> rows) {
    table(header, rows, 0);
  }

  public void table(List<String> header, List<List<String>> rows, int indent) {
    List<List<String>> all = new ArrayList<>();
    if (header != null) {
      all.add(header);
    }
    all.addAll(rows);
    out.print(table(all, indent));
  }

  /** {@code label: value} lines, the values aligned, under an indent; empty values left out. */
  public void fields(int indent, List<String[]> labelled) {
    List<List<String>> rows = new ArrayList<>();
    for (String[] f : labelled) {
      if (f[1] != null && !f[1].isEmpty() && !"null".equals(f[1])) {
        rows.add(List.of(f[0] + ":", f[1]));
      }
    }
    out.print(table(rows, indent));
  }

  public static String table(List<List<String>> rows, int indent) {
    if (rows.isEmpty()) {
      return "";
    }
    int columns = rows.stream().mapToInt(List::size).max().orElse(0);
    int[] widths = new int[columns];
    for (List<String> row : rows) {
      for (int i = 0; i < row.size(); i++) {
        widths[i] = Math.max(widths[i], cell(row.get(i)).length());
      }
    }
    Column[] cols = new Column[columns];
    for (int i = 0; i < columns; i++) {
      int lead = i == 0 ? indent : 0;
      int gap = i == columns - 1 ? 0 : 2;
      cols[i] = new Column(lead + widths[i] + gap, lead, Column.Overflow.SPAN);
    }
    TextTable table = TextTable.forColumns(PLAIN, cols);
    for (List<String> row : rows) {
      String[] cells = new String[columns];
      Arrays.fill(cells, "");
      for (int i = 0; i < row.size(); i++) {
        cells[i] = cell(row.get(i));
      }
      table.addRowValues(cells);
    }
    return table.toString().replace("\r\n", "\n");
  }

  private static String cell(String s) {
    return s == null ? "-" : s;
  }
}
