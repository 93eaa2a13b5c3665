/**
 * kubectl's `-o custom-columns=SPEC` and `-o custom-columns-file=FILE`: a hand-written port of
 * k8s.io/kubectl/pkg/cmd/get/customcolumn.go and customcolumn_flags.go (kubectl 1.35).
 *
 * What it reproduces:
 * - the spec `HEADER:path,HEADER2:path2` is split on every comma (so a union `[0,1]` cannot be used) and each part
 *   on its first colon; each path goes through RelaxedJSONPathExpression (`metadata.name`, `.metadata.name`,
 *   `{metadata.name}` and `{.metadata.name}` all become `{.metadata.name}`, an empty path stays empty);
 * - the file form is two lines, headers and paths, each split on white space; it always prints headers
 *   (kubectl ignores --no-headers for it);
 * - each cell is every value the path finds, each printed with Go's fmt.Sprint (a map as `map[k:v]`, a list as
 *   `[a b]`, a null as `<nil>`) with ESC and CR escaped, joined by ","; `<none>` when the path finds nothing;
 * - the rows go through cli-runtime's tabwriter: github.com/liggitt/tabwriter with minwidth 6, padding 3, spaces,
 *   and RememberWidths, under which a column is never narrower than it was in an earlier block (it shows when a
 *   value holds a newline and so breaks a column block);
 * - the header row is written before the paths are parsed, so a bad path prints the header and then the error
 *   (thrown here as CustomColumnsError with that partial output).
 */
import { tabwrite } from '../../api/describe/tabwriter.js';
import { JSONPath, JSONPathError, goFileError, goSprint, parseJSONPath, type JSONPathTemplate } from './jsonpath.js';

/** One column: its header and its JSONPath template (already relaxed, e.g. `{.metadata.name}`). */
export interface CustomColumn {
  header: string;
  fieldSpec: string;
}

/** CustomColumnsError is a custom-columns failure; output is what kubectl had already printed to stdout. */
export class CustomColumnsError extends Error {
  constructor(
    message: string,
    readonly output = '',
  ) {
    super(message);
  }
}

const RELAXED = /^\{\.?([^{}]+)\}$|^\.?([^{}]+)$/;

/**
 * relaxedJSONPathExpression is kubectl's RelaxedJSONPathExpression: `a.b`, `.a.b`, `{a.b}` and `{.a.b}` all
 * become `{.a.b}`; an empty path stays empty; anything with braces elsewhere is an error.
 */
export function relaxedJSONPathExpression(path: string): string {
  if (!path) return path;
  const m = RELAXED.exec(path);
  if (!m) throw new CustomColumnsError("unexpected path string, expected a 'name1.name2' or '.name1.name2' or '{name1.name2}' or '{.name1.name2}'");
  return `{.${m[1] || m[2]}}`;
}

/** The message kubectl gives for `-o custom-columns=` with nothing after it. */
export const NO_COLUMNS_ERROR = 'custom-columns format specified but no custom columns given';

/** parseCustomColumnsSpec parses `-o custom-columns=SPEC` (NewCustomColumnsPrinterFromSpec). */
export function parseCustomColumnsSpec(spec: string): CustomColumn[] {
  if (!spec) throw new CustomColumnsError(NO_COLUMNS_ERROR);
  return spec.split(',').map((part) => {
    const colon = part.indexOf(':');
    if (colon < 0) throw new CustomColumnsError(`unexpected custom-columns spec: ${part}, expected <header>:<json-path-expr>`);
    return { header: part.slice(0, colon), fieldSpec: relaxedJSONPathExpression(part.slice(colon + 1)) };
  });
}

/** Go's unicode.IsSpace, which bufio.ScanWords splits on. */
const GO_SPACE = /[\t\n\v\f\r \u0085\u00a0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000]+/;
const words = (line: string) => line.split(GO_SPACE).filter(Boolean);

/**
 * parseCustomColumnsTemplate parses the content of a `-o custom-columns-file=` file
 * (NewCustomColumnsPrinterFromTemplate): a line of headers, a line of paths, both split on white space.
 */
export function parseCustomColumnsTemplate(content: string): CustomColumn[] {
  // bufio.Scanner's lines: split at \n, a trailing \r dropped, no line after a final \n.
  const lines = content.split('\n');
  if (lines.at(-1) === '') lines.pop();
  const line = (i: number) => lines[i]!.replace(/\r$/, '');
  const format = 'Expected format is one line of space separated headers, one line of space separated column specs.';
  if (lines.length < 1) throw new CustomColumnsError(`invalid template, missing header line. ${format}`);
  const headers = words(line(0));
  if (lines.length < 2) throw new CustomColumnsError(`invalid template, missing spec line. ${format}`);
  const specs = words(line(1));
  if (headers.length !== specs.length) throw new CustomColumnsError(`number of headers (${headers.length}) and field specifications (${specs.length}) don't match`);
  return headers.map((header, i) => ({ header, fieldSpec: relaxedJSONPathExpression(specs[i]!) }));
}


/** escapeTerminal is cli-runtime's EscapeTerminal: ESC as `^[`, CR as `\r`. */
const escapeTerminal = (s: string) => s.replaceAll('\x1b', '^[').replaceAll('\r', '\\r');

/**
 * printCustomColumns prints the objects (the items of what `get` found, or the one object) as kubectl's
 * CustomColumnsPrinter does. Throws CustomColumnsError (a path that does not parse, a path that fails on an
 * object, e.g. an index out of bounds) carrying what was printed before the error (header and earlier rows).
 */
export function printCustomColumns(columns: CustomColumn[], objects: unknown[], noHeaders = false): string {
  let text = '';
  const flush = () => (text ? tabwrite(text) : '');
  if (!noHeaders) text += `${columns.map((c) => c.header).join('\t')}\n`;
  // One parser per column, reused for every object (as kubectl does).
  const parsers: JSONPath[] = [];
  for (const c of columns) {
    let t: JSONPathTemplate;
    try {
      t = parseJSONPath(c.fieldSpec);
    } catch (e) {
      if (e instanceof JSONPathError) throw new CustomColumnsError(e.message, flush());
      throw e;
    }
    parsers.push(new JSONPath(t, { allowMissingKeys: true }));
  }
  for (const obj of objects) {
    const cells: string[] = [];
    for (const p of parsers) {
      let values: unknown[][];
      try {
        values = p.findResults(obj);
      } catch (e) {
        if (e instanceof JSONPathError) throw new CustomColumnsError(e.message, flush());
        throw e;
      }
      const strs: string[] = [];
      if (values.length === 0 || values[0]!.length === 0) strs.push('<none>');
      for (const vs of values) for (const v of vs) strs.push(escapeTerminal(goSprint(v)));
      cells.push(strs.join(','));
    }
    text += `${cells.join('\t')}\n`;
  }
  return flush();
}

/**
 * customColumns is `-o custom-columns=SPEC` from start to end: the spec parsed, then the objects printed. A spec
 * error throws before anything is printed; a path error after the header (see printCustomColumns).
 */
export function customColumns(spec: string, objects: unknown[], noHeaders = false): string {
  return printCustomColumns(parseCustomColumnsSpec(spec), objects, noHeaders);
}

/**
 * The message of `-o custom-columns-file=PATH` when PATH cannot be read (err: what fs.readFileSync threw). It
 * ends in a newline of its own (kubectl's format string has one), so kubectl adds none after it.
 */
export const customColumnsFileError = (path: string, err: unknown) => `error reading template ${path}, ${goFileError(path, err)}\n`;

/** customColumnsFile is `-o custom-columns-file=FILE` given the file's content (headers always printed). */
export function customColumnsFile(content: string, objects: unknown[]): string {
  return printCustomColumns(parseCustomColumnsTemplate(content), objects, false);
}

export { tabwrite };
