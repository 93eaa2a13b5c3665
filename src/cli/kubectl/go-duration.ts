// Go's time.Duration as kubectl's flags read it (time.ParseDuration) and as its messages print it
// (Duration.String), in milliseconds. One reader and one printer for every command that takes or shows a duration.

const UNITS: Record<string, number> = { ns: 1e-6, us: 1e-3, µs: 1e-3, ms: 1, s: 1000, m: 60_000, h: 3_600_000 };

/**
 * parseGoDuration reads a Go duration (`90s`, `1h30m`, `1.5h`, `500ms`, `0`) into milliseconds, or undefined when Go
 * would refuse it. `signed` lets a leading `+` or `-` through (logs --since, drain --timeout take it as Go does);
 * without it a sign is refused, as rollout status --timeout has always been read here.
 */
export function parseGoDuration(text: string, opts: { signed?: boolean } = {}): number | undefined {
  if (text === '0') return 0;
  let sign = 1;
  let rest = text;
  if (opts.signed && (rest.startsWith('-') || rest.startsWith('+'))) {
    sign = rest.startsWith('-') ? -1 : 1;
    rest = rest.slice(1);
  }
  if (!rest) return undefined;
  const re = /(\d+(?:\.\d*)?|\.\d+)(ns|us|µs|ms|s|m|h)/y;
  let ms = 0;
  while (re.lastIndex < rest.length) {
    const m = re.exec(rest);
    if (!m) return undefined;
    ms += Number(m[1]) * UNITS[m[2]!]!;
  }
  return sign * ms;
}

/**
 * goDurationText prints milliseconds as Go's Duration.String does for a second or more (`45s`, `2m0s`, `1h0m5.5s`).
 * Under a second it says `0.5s` where Go says `500ms` (top's ages are over two minutes; only a sub-second drain
 * --timeout would show it).
 */
export function goDurationText(ms: number): string {
  const h = Math.floor(ms / 3_600_000);
  const m = Math.floor((ms % 3_600_000) / 60_000);
  const s = (ms % 60_000) / 1000;
  return h ? `${h}h${m}m${s}s` : m ? `${m}m${s}s` : `${s}s`;
}
