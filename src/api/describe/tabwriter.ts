/**
 * alignTabs lays out tab-separated text the way Go's text/tabwriter does with the settings `kubectl describe`
 * uses (minwidth 0, padding 2, padded with spaces, no flags; `kubectl get` uses minwidth 6, padding 3), so that our
 * output lines up byte for byte with kubectl's. Written by hand: no npm package reproduces Go's column-block rules.
 *
 * The rules: a cell is text terminated by a tab; the text after a line's last tab is not a cell and is never
 * padded. A column is aligned over a block of consecutive lines that all have a cell in that column: a line with
 * fewer cells ends the block, and the next line that has one starts a new block with its own width. A column's
 * width is its widest cell plus the padding.
 */
export function alignTabs(text: string, padding = 2, minwidth = 0): string {
  const lines = text.split('\n').map((l) => l.split('\t'));
  const widths: number[] = [];
  const out: string[] = [];
  const width = (s: string) => [...s].length;

  const writeLines = (from: number, to: number) => {
    for (let i = from; i < to; i++) {
      const cells = lines[i]!;
      let line = '';
      for (let j = 0; j < cells.length; j++) {
        const c = cells[j]!;
        if (j < cells.length - 1 && j < widths.length) line += c + ' '.repeat(Math.max(0, widths[j]! - width(c)));
        else line += c;
      }
      out.push(line);
    }
  };

  // Go's tabwriter.format: find the blocks of the next column, recursively.
  const format = (line0: number, line1: number) => {
    const column = widths.length;
    for (let i = line0; i < line1; i++) {
      if (column >= lines[i]!.length - 1) continue;
      writeLines(line0, i);
      line0 = i;
      let w = minwidth;
      for (; i < line1; i++) {
        const cells = lines[i]!;
        if (column >= cells.length - 1) break;
        w = Math.max(w, width(cells[column]!) + padding);
      }
      widths.push(w);
      format(line0, i);
      widths.pop();
      line0 = i;
      i--; // the loop's i++ must look at the line that ended the block again
    }
    writeLines(line0, line1);
  };
  format(0, lines.length);
  return out.join('\n');
}

/**
 * tabwrite lays out tab-separated lines as kubectl's tabwriter (liggitt/tabwriter, a fork of Go's text/tabwriter)
 * does with the settings of cli-runtime's GetNewTabWriter: minwidth 6, padding 3, padded with spaces, flag
 * RememberWidths. As in Go's: a cell is text ended by a tab (the text after a line's last tab is no cell and is
 * never padded); a column is aligned over a block of consecutive lines that have a cell in it; widths count runes.
 * RememberWidths adds: each column keeps the widest width any of its blocks had so far, and a later block of the
 * column is at least that wide.
 */
export function tabwrite(text: string, minwidth = 6, padding = 3, maxwidths: number[] = []): string {
  // maxwidths is the writer's remembered widths: pass the same array to later flushes of one writer (get -w).
  const lines = text.split('\n').map((l) => l.split('\t'));
  const runes = (s: string) => [...s].length;
  const widths: number[] = [];
  const out: string[] = [];
  const writeLines = (from: number, to: number) => {
    for (let i = from; i < to; i++) {
      const cells = lines[i]!;
      let line = '';
      for (let j = 0; j < cells.length; j++) {
        const c = cells[j]!;
        line += j < cells.length - 1 && j < widths.length ? c + ' '.repeat(Math.max(0, widths[j]! - runes(c))) : c;
      }
      out.push(line);
    }
  };
  const format = (line0: number, line1: number) => {
    const column = widths.length;
    for (let i = line0; i < line1; i++) {
      if (column >= lines[i]!.length - 1) continue;
      writeLines(line0, i);
      line0 = i;
      let width = minwidth;
      for (; i < line1; i++) {
        const cells = lines[i]!;
        if (column >= cells.length - 1) break;
        width = Math.max(width, runes(cells[column]!) + padding);
      }
      // RememberWidths (liggitt/tabwriter's format).
      if (maxwidths.length < widths.length) maxwidths.push(...widths.slice(maxwidths.length));
      if (maxwidths.length === widths.length) maxwidths.push(width);
      else if (maxwidths[column]! > width) width = maxwidths[column]!;
      else maxwidths[column] = width;
      widths.push(width);
      format(line0, i);
      widths.pop();
      line0 = i;
    }
    writeLines(line0, line1);
  };
  format(0, lines.length);
  return out.join('\n');
}
