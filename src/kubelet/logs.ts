/** LogLine is one line a container wrote, with the time it wrote it (cluster time, ms). */
export interface LogLine {
  time: number;
  text: string;
}

/**
 * ContainerLog keeps the recent output of one container run (what `kubectl logs` reads) and tells followers
 * about new lines until the container stops. It is bounded, like the runtime's log rotation.
 */
export class ContainerLog {
  private readonly buf: LogLine[] = [];
  private readonly followers = new Set<{ line: (l: LogLine) => void; end: () => void }>();
  private closed = false;

  constructor(private readonly limit = 5000) {}

  append(text: string, time: number): void {
    this.push({ time, text });
  }

  /**
   * appendTemplate appends an image's log line, rendered only when somebody reads it: thousands of servers start
   * and are never asked for their logs, so their lines stay a template, a time and the variables.
   */
  appendTemplate(template: string, time: number, vars: Record<string, string>): void {
    this.push(new TemplateLine(template, time, vars));
  }

  private push(line: LogLine): void {
    if (this.closed) return;
    this.buf.push(line);
    if (this.buf.length > this.limit) this.buf.splice(0, this.buf.length - this.limit);
    for (const f of this.followers) f.line(line);
  }

  /** close marks the end of the run: followers are told, and nothing more is appended. */
  close(): void {
    if (this.closed) return;
    this.closed = true;
    for (const f of this.followers) f.end();
    this.followers.clear();
  }

  get ended(): boolean {
    return this.closed;
  }

  lines(): readonly LogLine[] {
    return this.buf;
  }

  /** follow calls line for every new line and end when the container stops; it returns an unsubscribe. */
  follow(line: (l: LogLine) => void, end: () => void): () => void {
    if (this.closed) {
      end();
      return () => {};
    }
    const f = { line, end };
    this.followers.add(f);
    return () => this.followers.delete(f);
  }
}

/** TemplateLine is a log line kept as its template until its text is first read. */
class TemplateLine implements LogLine {
  private rendered: string | undefined;

  constructor(
    private readonly template: string,
    readonly time: number,
    private readonly vars: Record<string, string>,
  ) {}

  get text(): string {
    return (this.rendered ??= renderLogLine(this.template, this.time, this.vars));
  }
}

const pad = (n: number, w = 2) => String(n).padStart(w, '0');

/**
 * renderLogLine fills an image's log template with {version}, {pod} (the hostname) and the time written the way
 * that image writes it: {nginxTime} nginx's and Go's log `2026/01/01 00:00:00`, {pgTime} postgres'
 * `2026-01-01 00:00:00.000 UTC`, {traefikTime} traefik's RFC 3339 `2026-01-01T00:00:00Z`, {mysqlTime} the mysql
 * entrypoint's `date --rfc-3339=seconds` `2026-01-01 00:00:00+00:00`, {mysqldTime} mysqld's
 * `2026-01-01T00:00:00.000000Z`, {mongoTime} mongod's `2026-01-01T00:00:00.000+00:00`, {rabbitTime} RabbitMQ's
 * `2026-01-01 00:00:00.000000+00:00`.
 */
export function renderLogLine(template: string, time: number, vars: Record<string, string>): string {
  const d = new Date(time);
  const date = `${d.getUTCFullYear()}-${pad(d.getUTCMonth() + 1)}-${pad(d.getUTCDate())}`;
  const clock = `${pad(d.getUTCHours())}:${pad(d.getUTCMinutes())}:${pad(d.getUTCSeconds())}`;
  const ms = pad(d.getUTCMilliseconds(), 3);
  const times: Record<string, string> = {
    nginxTime: `${date.replace(/-/g, '/')} ${clock}`,
    pgTime: `${date} ${clock}.${ms} UTC`,
    traefikTime: `${date}T${clock}Z`,
    mysqlTime: `${date} ${clock}+00:00`,
    mysqldTime: `${date}T${clock}.${ms}000Z`,
    mongoTime: `${date}T${clock}.${ms}+00:00`,
    rabbitTime: `${date} ${clock}.${ms}000+00:00`,
  };
  return template.replace(/\{(\w+)\}/g, (m, k: string) => times[k] ?? vars[k] ?? m);
}
