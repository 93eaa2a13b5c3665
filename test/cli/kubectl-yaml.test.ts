import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { hostCluster, type HostedCluster } from '../../src/cluster/host.js';
import { ManualClock } from '../../src/cluster/clock.js';
import { mustKind } from '../../src/api/kinds.js';
import type { KubeObject } from '../../src/api/types.js';
import { toYAML, YAMLError } from '../../src/cli/kubectl/yaml.js';
import { ensureTools } from '../setup/tools.js';
import { seeded } from '../helpers/fixtures.js';

/**
 * toYAML against the real kubectl 1.35: for each object, `kubectl get X -o yaml` must equal toYAML of what
 * `kubectl get X -o json` prints (the same object as kubectl sees it: managedFields dropped), byte for byte.
 */

// Every awkward string: ones that read back as other types, indicators, spaces, breaks, escapes, unicode, dates.
const AWKWARD: string[] = [
  'true', 'false', 'yes', 'no', 'on', 'off', 'y', 'n', 'Y', 'N', 'True', 'FALSE', 'Yes', 'NO', 'On', 'OFF', 'yES',
  '~', 'null', 'Null', 'NULL', 'nUll', '', '1', '-1', '+1', '0', '00', '007', '08', '1.0', '1.', '.5', '-.5', '+.5',
  '0x1F', '0X1f', '0o17', '0b101', '0b-101', '-0b101', '0b', '0x', '0xZZ', '1e3', '1E3', '1e+3', '1e-3', '1e400', '.5_0',
  '._5', '.', '..', '.inf', '-.inf', '+.Inf', '.nan', '.NaN', '.Nan', '1_000', '_1', '1_', '1__0', '12:30', '1:2:3',
  '-1:30', '1:60', '12:30.5', '1.2.3', 'v1.2.3', '1,000', '1e', 'e3', '-e3', '+', '-', '--', '---', '---x', '...',
  '....', '- a', '-a', '? a', '?a', '?', ':', ': a', ':a', 'a:', 'a: b', 'a:b', 'a :b', 'a #b', 'a#b', '#x', '# x',
  '!tag', '&a', '*a', '|', '|x', '>', '>x', "'q'", '"dq"', '%x', '@x', '`x', '[x]', '{x}', ']', '}', ',x', 'a, b',
  'a [b]', 'a {b}', '<<', '=', 'a=b', ' lead', 'trail ', ' both ', '  ', ' ', '\ttab', 'tab\tin', 'tab\t',
  'multi\nline', 'multi\nline\n', 'multi\nline\n\n', 'multi\nline\n\n\n', '\nleading newline', '\n', '\n\n', 'x\n',
  'a\n b', 'a \nb', 'a\n\nb', ' lead\nx', '  two\nx', 'x\n lead', 'tab\tand\nbreak', 'end space\nx ', 'a\n\n',
  'héllo', '日本語', 'emoji 😀', '😀', 'a😀b', '\u2028', 'a\u2028b', 'a\u2029', 'a\u2028\nb', '\u0085x', '\u00a0nbsp',
  'nbsp\u00a0', '\ufeffbom', '\ufeffbom with space', 'zero\u200bwidth', '\u0000nul', 'bell\u0007', 'esc\u001b',
  'cr\rx', 'crlf\r\nx', '\u0001\u0002', '\ue000', '\ud7ff', 'nel\u0085', 'a \u0085 b', 'a\u0085\u0085b', 'a\u0085 \u0085b',
  '\u0085\u0085\u0085', 'a\u0085\nb', '\u0085', ' \u0085 ', 'a\u0085---b', 'lone \ud800 surrogate', '\udc00',
  'back\\slash', 'quote"', "apos'", "it's a 'quote'", 'both \'single\' and "double"', 'a\\nb',
  '2024-01-01', '2024-01-01T00:00:00Z', '2024-1-1', '2024-02-30', '2024-13-01', '2023-02-29', '2024-02-29',
  '2000-02-29', '1900-02-29', '2024-01-01 10:00:00', '2024-01-01   10:00:00', '2024-01-01 ', '2024-01-01t10:00:00+01:00',
  '2024-01-01T10:00:00.123Z', '2024-01-01T10:00:00,5Z', '2024-01-01T25:00:00Z', '2024-01-01T10:00:00+25:00',
  '2024-01-01T10:00:00+24:00', '2024-01-01T10:00:00-07:60', '2024-01-01T10:00:00', '2024-01-01T1:2:3Z',
  '2024-01-01T10:00:60Z', '12024-01-01', '2024-01-01x', '2024/01/01', '9223372036854775807', '9223372036854775808',
  '-9223372036854775808', '-9223372036854775809', '18446744073709551615', '18446744073709551616', '1e308', '1e309',
  'a  b', 'a   #b', 'key: value # comment', 'http://example.com/a?b=c#d', 'C:\\path', '@', '%', '`',
];

const words = (n: number) => Array.from({ length: n }, (_, i) => `word${i}`).join(' ');
const LONG: Record<string, string> = {
  'long-spaces': words(60),
  'long-nospace': 'x'.repeat(300),
  'long-mixed': 'y'.repeat(90) + ' ' + words(20),
  'long-double-spaces': Array.from({ length: 40 }, (_, i) => `w${i}`).join('  '),
  'long-newline': words(30) + '\n' + words(30) + '\n',
  'long-newline-strip': words(30) + '\n' + words(30),
  'long-quoted-single': "'" + words(40),
  'long-quoted-double': 'true ' + words(5) + '\t' + words(40),
  'long-double-spaces-quoted': '\t' + Array.from({ length: 40 }, (_, i) => `w${i}`).join('  '),
  'long-leading-space': ' ' + words(40),
  'long-unicode': Array.from({ length: 40 }, (_, i) => `héllo${i}`).join(' '),
  'long-emoji': Array.from({ length: 30 }, (_, i) => `😀${i}`).join(' '),
  'long-colon': words(15) + ': ' + words(15),
  'long-url': 'https://example.com/' + 'segment/'.repeat(20) + '?q=' + 'v'.repeat(30),
  'long-json': JSON.stringify({ a: words(10), b: [1, 2, 3], c: { d: 'e f g' } }),
  'long-json-pretty': JSON.stringify({ a: words(10), b: [1, 2, 3], c: { d: 'e f g' } }, null, 2),
  'long-u2028': words(20) + '\u2028' + words(20),
  'long-80': 'a'.repeat(79) + ' b c',
  'long-81': 'a'.repeat(80) + ' b c',
  'long-82': 'a'.repeat(81) + ' b c',
};

// ConfigMap data keys: the order go-yaml sorts them in, and ones that must be quoted. Not '1e3' with '9' and '10':
// sorter.go's Less is not transitive there (9 < 10 < 1e3 < 9), and kubectl's own order then depends on Go's random
// map iteration (the same object printed 40 times came out in three different orders).
const KEYS = [
  '10', '9', 'a10', 'a9', 'a09', 'a010', 'a1', 'a01', 'a001', 'a0', 'a00', 'b', 'B', '_a', '-a', '.a', 'a.b', 'a-b',
  'a_b', '1.0', 'e3', 'true', 'yes', 'null', 'x10y', 'x9y', 'x010', 'x0010', '00', '0', 'a', 'aa', 'A1', 'Z', 'z',
  '0x1F', '2024-01-01', '1_000', 'A', 'Ab', 'aB', 'a.10', 'a.9', 'v1.10.0', 'v1.9.0', 'k' + 'x'.repeat(140),
];

function configMap(name: string, data: Record<string, string>, annotations?: Record<string, string>): KubeObject {
  return { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name, ...(annotations ? { annotations } : {}) }, data };
}

let h: HostedCluster;
let kubectl: string;
let dir: string;
let kubeconfig: string;

function exec(args: string[]): Promise<{ ok: boolean; out: string; err: string }> {
  return new Promise((resolve) => {
    execFile(kubectl, ['--kubeconfig', kubeconfig, '--cache-dir', path.join(dir, 'cache'), ...args], { encoding: 'utf8', maxBuffer: 64 << 20 }, (e, out, err) =>
      resolve({ ok: !e, out, err }),
    );
  });
}

async function run(args: string[]): Promise<string> {
  const r = await exec(args);
  if (!r.ok) throw new Error(`kubectl ${args.join(' ')}: ${r.err}`);
  return r.out;
}

/** sameError asserts that where kubectl cannot print YAML, toYAML throws a YAMLError with what kubectl says. */
async function sameError(args: string[]): Promise<void> {
  const yaml = await exec([...args, '-o', 'yaml']);
  expect(yaml.ok).toBe(false);
  const json = await run([...args, '-o', 'json']);
  let message = '(no error)';
  try {
    toYAML(JSON.parse(json));
  } catch (e) {
    expect(e).toBeInstanceOf(YAMLError);
    message = `error: ${(e as Error).message}\n`;
  }
  expect({ out: '', err: message }).toEqual({ out: yaml.out, err: yaml.err });
}

/** same asserts that toYAML of kubectl's JSON is kubectl's YAML, byte for byte. */
async function same(args: string[]): Promise<void> {
  const yaml = await run([...args, '-o', 'yaml']);
  const json = await run([...args, '-o', 'json']);
  expect(toYAML(JSON.parse(json))).toBe(yaml);
}

beforeAll(async () => {
  kubectl = (await ensureTools()).kubectl;
  dir = mkdtempSync(path.join(os.tmpdir(), 'minik9s-yaml-'));
  kubeconfig = path.join(dir, 'kubeconfig');
  h = await hostCluster({ clock: new ManualClock(), random: seeded() });
  writeFileSync(
    kubeconfig,
    `apiVersion: v1\nkind: Config\nclusters:\n- name: c\n  cluster:\n    server: ${h.url}\ncontexts:\n- name: c\n  context:\n    cluster: c\n    user: u\ncurrent-context: c\nusers:\n- name: u\n  user: {}\n`,
  );
  const cm = mustKind('v1', 'ConfigMap');
  const create = (kind: Parameters<typeof h.cluster.client.create>[0], obj: KubeObject, ns = 'default') => h.cluster.client.create(kind, ns, obj);

  // every awkward string as a data value and as an annotation value (one ConfigMap per batch, keys v000...)
  const entries = Object.fromEntries(AWKWARD.map((s, i) => [`v${String(i).padStart(3, '0')}`, s]));
  await create(cm, configMap('awkward', entries, entries));
  await create(cm, configMap('long', LONG, LONG));
  await create(cm, configMap('keys', Object.fromEntries(KEYS.map((k, i) => [k, String(i)]))));
  await create(cm, configMap('empty', {}));
  await create(cm, { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'nodata', labels: { date: '2024-01-01', num: '1', b: 'true', e: '' } } });
  await create(cm, configMap('anno-keys', { a: 'b' }, {
    'example.com/10': 'x', 'example.com/9': 'y', 'example.com/a10': 'z', 'example.com/a9': 'w', 'ex.com/a': '1.5',
    [`${'sub.'.repeat(20)}example.com/${'n'.repeat(60)}`]: 'long key over 128 bytes',
    [`${'s'.repeat(100)}.example.com/name`]: words(40),
  }));

  // arbitrary JSON, where numbers, nested lists and any key can go: a ControllerRevision's data
  const cr = mustKind('apps/v1', 'ControllerRevision');
  await create(cr, {
    apiVersion: 'apps/v1', kind: 'ControllerRevision', metadata: { name: 'raw' }, revision: 1,
    data: {
      ints: [0, 1, -1, 42, 1000000, 2 ** 31, 2 ** 53, 2 ** 62, 2 ** 63, 2 ** 64, -(2 ** 63), -(2 ** 63) - 4096, 1e20, 1e21, 1e22, 123456789012],
      floats: [0.5, -0.25, 0.1, 1.5, 3.14159, 1e-7, 1.5e-7, 0.0001, 0.00001, 123456.7, 1234567.5, 1e300, 5e-324, 1.7976931348623157e308, 2.5e-5, 100.25],
      bools: [true, false],
      nulls: [null, { a: null }],
      nested: [[1, 2], [[3], []], [{ a: 1, b: [] }, {}], [[]], [{}], ['x', ['y', ['z']]]],
      emptyMap: {}, emptyList: [],
      mixed: [{ name: 'a', items: [1, 'two', { three: 3 }] }, 'multi\nline\n', 'trail ', '', null],
      keys: {
        '': 'empty key', ' ': 'space key', 'a b': 1, 'a: b': 2, '#': 3, '- x': 4, '1': 5, 'null': 6, '~': 7, 'multi\nline': 8,
        'tab\tkey': 9, 'héllo': 10, '😀': 11, 'ÿ': 12, 'Ā': 13, 'é1': 14, 'e10': 15, 'e9': 16, '٣': 17, '3': 18, 'a٣': 19,
        'a3': 20, '!': 21, '-': 22, '[': 23, ['x'.repeat(129)]: 24, [words(30)]: 25, 'quote"key': 26, "apos'key": 27,
        '2024-01-01': 28, 'a\u2028b': 29, 'k\n': 30,
      },
      strings: AWKWARD.slice(0, 60),
      long: LONG,
      deep: { a: { b: { c: { d: { e: [{ f: [{ g: words(30) }] }] } } } } },
      listOfLongs: [words(40), 'z'.repeat(100), 'multi\nline ' + words(30)],
    },
  });

  // what go-yaml cannot read back: refused characters, a document marker after a NEL, keys that are no simple keys
  const bad: Record<string, Record<string, string>> = {
    'bad-del': { a: 'del\u007f' }, 'bad-c1': { a: 'x', b: 'c1\u0080' }, 'bad-fffe': { a: '\ufffe' }, 'bad-ffff': { z: 'x\uffff' },
    'bad-docind': { a: 'one\u0085two', b: 'a\u0085--- b' }, 'bad-docind2': { a: 'x\u0085\u0085... \u0085' }, 'bad-docind3': { a: '\u0085---\u0085' },
  };
  for (const [name, data] of Object.entries(bad)) await create(cm, configMap(name, data));
  const rawData: Record<string, unknown> = {
    'badkey-nel': { a: 1, b: { 'k\u0085ey': 1 } },
    'badkey-nel2': { a: 'x\u0085y', b: { 'k\u0085ey': 1 } },
    'badkey-long': { x: { ['k'.repeat(1023)]: 1 } },
    'badkey-long-escaped': { x: { ['<'.repeat(200)]: 1 } },
    'okkey-long': { x: { ['k'.repeat(1022)]: 1, ['<'.repeat(169)]: 2, ['\n'.repeat(511)]: 3 } },
  };
  for (const [name, data] of Object.entries(rawData)) await create(cr, { apiVersion: 'apps/v1', kind: 'ControllerRevision', metadata: { name }, revision: 1, data });

  // ordinary objects: a Deployment (and its ReplicaSet and Pods), a Service, and the Node
  await create(mustKind('apps/v1', 'Deployment'), {
    apiVersion: 'apps/v1', kind: 'Deployment',
    metadata: { name: 'web', labels: { app: 'web' }, annotations: { note: words(30), 'kubernetes.io/change-cause': 'kubectl create deployment web --image=nginx:1.25' } },
    spec: {
      replicas: 2, selector: { matchLabels: { app: 'web' } },
      template: {
        metadata: { labels: { app: 'web' } },
        spec: {
          containers: [{
            name: 'nginx', image: 'nginx:1.25', ports: [{ containerPort: 80 }], args: ['--flag=1', '--yes', 'true', '', '- x'],
            env: [{ name: 'A', value: 'true' }, { name: 'B', value: '1' }, { name: 'C', value: 'multi\nline' }, { name: 'D', value: '' }],
            command: ['sh', '-c', 'echo hello && sleep 3600\n'],
            resources: { limits: { cpu: '500m', memory: '128Mi' }, requests: { cpu: '0.1', memory: '1e3' } },
          }],
        },
      },
    },
  });
  await create(mustKind('v1', 'Service'), {
    apiVersion: 'v1', kind: 'Service', metadata: { name: 'web' },
    spec: { selector: { app: 'web' }, ports: [{ name: 'http', port: 80, targetPort: 8080 }, { name: 'https', port: 443, targetPort: 'https' }], type: 'NodePort' },
  });
  await h.cluster.settle();
}, 120_000);

afterAll(async () => {
  await h?.stop();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

describe('toYAML prints what kubectl 1.35 -o yaml prints', () => {
  it('awkward strings as values and annotations', () => same(['get', 'cm', 'awkward']));
  it('long strings: folding at 80 columns, literal blocks', () => same(['get', 'cm', 'long']));
  it('key order and quoted keys', () => same(['get', 'cm', 'keys']));
  it('empty data and quoted label values', () => Promise.all([same(['get', 'cm', 'empty']), same(['get', 'cm', 'nodata'])]));
  it('annotation keys, long keys written as complex keys', () => same(['get', 'cm', 'anno-keys']));
  it('numbers, nested lists, empty collections, any key (ControllerRevision data)', () => same(['get', 'controllerrevision', 'raw']));
  it('a Deployment', () => same(['get', 'deploy', 'web']));
  it('a ReplicaSet and Pods list', () => Promise.all([same(['get', 'rs']), same(['get', 'pods'])]));
  it('a Service', () => same(['get', 'svc', 'web']));
  it('the Nodes (single and list)', async () => {
    const names = (await run(['get', 'nodes', '-o', 'name'])).trim().split('\n');
    for (const n of names) await same(['get', n]);
    await same(['get', 'nodes']);
  });
  it('a List of ConfigMaps', () => same(['get', 'cm', 'awkward', 'long', 'keys', 'empty', 'nodata', 'anno-keys']));
  it('a List that kubectl cannot print', () => sameError(['get', 'cm']));
  it('everything in kube-system and all namespaces', () => Promise.all([same(['get', 'all', '-n', 'kube-system']), same(['get', 'svc,deploy,rs,pods,nodes', '-A'])]));
  it('what go-yaml cannot read back fails as kubectl fails', async () => {
    for (const name of ['bad-del', 'bad-c1', 'bad-fffe', 'bad-ffff', 'bad-docind', 'bad-docind2', 'bad-docind3']) await sameError(['get', 'cm', name]);
    for (const name of ['badkey-nel', 'badkey-nel2', 'badkey-long', 'badkey-long-escaped']) await sameError(['get', 'controllerrevision', name]);
    await same(['get', 'controllerrevision', 'okkey-long']);
  });
  it('a List with no items', () => same(['get', 'secrets', '-n', 'default', '-l', 'nothing=here']));
});

describe('toYAML on values kubectl never sees', () => {
  it('top-level scalars and empty collections', () => {
    expect(toYAML({})).toBe('{}\n');
    expect(toYAML([])).toBe('[]\n');
    expect(toYAML(null)).toBe('null\n');
    expect(toYAML('a')).toBe('a\n');
    expect(toYAML('multi\nline')).toBe('|-\n  multi\n  line\n');
    expect(toYAML(['a', ['b', 'c'], { d: 1 }])).toBe('- a\n- - b\n  - c\n- d: 1\n');
  });
});
