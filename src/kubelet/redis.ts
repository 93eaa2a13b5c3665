/**
 * What the simulated redis server answers: enough of the protocol's common commands for a learner's first steps
 * (PING, ECHO, SET, GET, DEL, EXISTS, INCR, KEYS, DBSIZE), printed as redis-cli prints replies when its output is
 * not a terminal (what `kubectl exec` without -t gives it). The data lives in the container's memory.
 */
export function redisCommand(db: Map<string, string>, argv: string[]): string {
  const [raw, ...args] = argv;
  const cmd = (raw ?? '').toUpperCase();
  const arity = (n: number) => args.length === n;
  const wrong = () => `ERR wrong number of arguments for '${(raw ?? '').toLowerCase()}' command`;
  switch (cmd) {
    case 'PING':
      return args.length > 1 ? wrong() : (args[0] ?? 'PONG');
    case 'ECHO':
      return arity(1) ? args[0]! : wrong();
    case 'SET':
      if (args.length < 2) return wrong();
      db.set(args[0]!, args[1]!);
      return 'OK';
    case 'GET':
      return arity(1) ? (db.get(args[0]!) ?? '') : wrong();
    case 'DEL':
    case 'EXISTS': {
      if (!args.length) return wrong();
      let n = 0;
      for (const k of args) if (db.has(k) && (cmd === 'EXISTS' || db.delete(k))) n++;
      return String(n);
    }
    case 'INCR': {
      if (!arity(1)) return wrong();
      const v = db.get(args[0]!) ?? '0';
      if (!/^-?\d+$/.test(v)) return 'ERR value is not an integer or out of range';
      const next = String(Number(v) + 1);
      db.set(args[0]!, next);
      return next;
    }
    case 'KEYS': {
      if (!arity(1)) return wrong();
      const re = new RegExp(`^${args[0]!.replace(/[.+^${}()|[\]\\]/g, '\\$&').replace(/\*/g, '.*').replace(/\?/g, '.')}$`);
      return [...db.keys()].filter((k) => re.test(k)).sort().join('\n');
    }
    case 'DBSIZE':
      return String(db.size);
    default:
      return `ERR unknown command '${raw}', with args beginning with: ${args.map((a) => `'${a}' `).join('')}`;
  }
}
