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
