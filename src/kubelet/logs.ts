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
  /** The lines, except that a run of image log lines nobody has read yet is kept as one block (see appendTemplates). */
  private buf: (LogLine | TemplateBlock)[] = [];
  private count = 0;
  private blocks = 0;
  private readonly followers = new Set<{ line: (l: LogLine) => void; end: () => void }>();
  private closed = false;

  constructor(private readonly limit = 5000) {}

  append(text: string, time: number): void {
    if (this.closed) return;
    const line = { time, text };
    this.buf.push(line);
    this.count++;
    this.trim();
    for (const f of this.followers) f.line(line);
  }

  /**
   * appendTemplates appends an image's log lines, all written at one time, rendered only when somebody reads them:
   * thousands of servers start and are never asked for their logs, so their output stays one block of templates
   * and variables until then.
   */
  appendTemplates(templates: readonly string[], time: number, vars: Record<string, string>): void {
    if (this.closed || templates.length === 0) return;
    if (this.followers.size) {
      for (const t of templates) this.append(renderLogLine(t, time, vars), time);
      return;
    }
    this.buf.push(new TemplateBlock(templates, time, vars));
    this.blocks++;
    this.count += templates.length;
    this.trim();
  }

  private trim(): void {
    if (this.count <= this.limit) return;
    const flat = this.lines();
    this.buf = flat.slice(flat.length - this.limit);
    this.count = this.buf.length;
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
    if (this.blocks) {
      this.buf = this.buf.flatMap((l) => (l instanceof TemplateBlock ? l.render() : [l]));
      this.blocks = 0;
    }
    return this.buf as LogLine[];
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

/** TemplateBlock is a run of an image's log lines, kept as templates until they are first read. */
class TemplateBlock {
  constructor(
    private readonly templates: readonly string[],
    private readonly time: number,
    private readonly vars: Record<string, string>,
  ) {}

  render(): LogLine[] {
    return this.templates.map((t) => ({ time: this.time, text: renderLogLine(t, this.time, this.vars) }));
  }
}

const pad = (n: number, w = 2) => String(n).padStart(w, '0');

/**
 * renderLogLine fills an image's log template with {version}, {pod} (the hostname) and the time written the way
 * that image writes it: {nginxTime} nginx's and Go's log `2026/01/01 00:00:00`, {pgTime} postgres'
 * `2026-01-01 00:00:00.000 UTC`, {traefikTime} traefik's RFC 3339 `2026-01-01T00:00:00Z`, {mysqlTime} the mysql
 * entrypoint's `date --rfc-3339=seconds` `2026-01-01 00:00:00+00:00`, {mysqldTime} mysqld's
 * `2026-01-01T00:00:00.000000Z`, {mongoTime} mongod's `2026-01-01T00:00:00.000+00:00`, {rabbitTime} RabbitMQ's
 * `2026-01-01 00:00:00.000000+00:00`, {klogTime} the Kubernetes components' klog header after its level letter
 * `0101 00:00:00.000000`.
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
    klogTime: `${pad(d.getUTCMonth() + 1)}${pad(d.getUTCDate())} ${clock}.${ms}000`,
  };
  return template.replace(/\{(\w+)\}/g, (m, k: string) => times[k] ?? vars[k] ?? m);
}
