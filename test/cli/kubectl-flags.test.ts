import { describe, it, expect } from 'vitest';
import { mkdtempSync, mkdirSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { goInt, parseLine, UsageError, DRY_RUN_FLAG, type FlagTable } from '../../src/cli/kubectl/flags.js';
import { readManifests } from '../../src/cli/kubectl/manifest.js';
import { resourceArgs, splitResourceTypeName } from '../../src/cli/kubectl/targets.js';

const TABLE: FlagTable = { '--dry-run': DRY_RUN_FLAG, '--cascade': ['optional', undefined, 'background'], '--grace-period': ['int'], '--replicas': ['int', '-r'], '--namespace': ['value', '-n'] };

describe('parseLine: flags with an optional value (pflag NoOptDefVal)', () => {
  it('takes the default when bare and never the next word', () => {
    const p = parseLine(['delete', '--cascade', 'pod', 'web', '--dry-run', 'client'], TABLE)!;
    expect(p.words).toEqual(['delete', 'pod', 'web', 'client']);
    expect(p.values.get('--cascade')).toBe('background');
    expect(p.values.get('--dry-run')).toBe('unchanged');
  });
  it('takes a value only after =', () => {
    const p = parseLine(['x', '--dry-run=server', '--cascade='], TABLE)!;
    expect(p.values.get('--dry-run')).toBe('server');
    expect(p.values.get('--cascade')).toBe('');
  });
});

describe('parseLine: int flags', () => {
  it('refuses what Go cannot parse with pflag words, naming the shorthand too', () => {
    expect(() => parseLine(['x', '--grace-period=5s'], TABLE)).toThrow(new UsageError('invalid argument "5s" for "--grace-period" flag: strconv.ParseInt: parsing "5s": invalid syntax'));
    expect(() => parseLine(['x', '-r', '1e3'], TABLE)).toThrow('invalid argument "1e3" for "-r, --replicas" flag: strconv.ParseInt: parsing "1e3": invalid syntax');
    expect(() => parseLine(['x', '--grace-period', '9223372036854775808'], TABLE)).toThrow('parsing "9223372036854775808": value out of range');
  });
  it('reads Go base-0 integers', () => {
    expect(goInt('30')).toBe(30);
    expect(goInt('-1')).toBe(-1);
    expect(goInt('+7')).toBe(7);
    expect(goInt('010')).toBe(8);
    expect(goInt('0x_1F')).toBe(31);
    expect(goInt('0b101')).toBe(5);
    expect(goInt('0o17')).toBe(15);
    expect(goInt('1_000')).toBe(1000);
    expect(goInt('0')).toBe(0);
    expect(goInt('-9223372036854775808')).toBe(-9223372036854775808);
    for (const bad of ['', '+', '1__0', '_1', '1_', '0x', '08', '5s', '1.5', ' 1']) expect(goInt(bad)).toBe('syntax');
    expect(goInt('9223372036854775808')).toBe('range');
  });
});

describe('resource arguments as the builder splits them', () => {
  it('words kubectl errors for bad TYPE/NAME', () => {
    expect(() => splitResourceTypeName('pod/a/b')).toThrow('arguments in resource/name form may not have more than one slash');
    for (const bad of ['/x', 'pod/', 'pod,svc/x']) expect(() => splitResourceTypeName(bad)).toThrow('arguments in resource/name form must have a single resource and name');
    expect(splitResourceTypeName('pod')).toBeUndefined();
  });
  it('turns several types with names into pairs', () => {
    expect(resourceArgs(['pod,svc', 'a', 'b'])).toEqual({ pairs: [{ type: 'pod', name: 'a' }, { type: 'pod', name: 'b' }, { type: 'svc', name: 'a' }, { type: 'svc', name: 'b' }] });
    expect(resourceArgs(['pod,svc'])).toEqual({ types: ['pod', 'svc'], names: [] });
    expect(() => resourceArgs(['pod', 'svc/x'])).toThrow('there is no need to specify a resource type');
  });
});

describe('readManifests -R', () => {
  it('does not follow links to directories (as filepath.Walk), but reads links to files', async () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'minik9s-manifests-'));
    try {
      const cm = (name: string) => `apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: ${name}\n`;
      mkdirSync(path.join(dir, 'd', 'sub'), { recursive: true });
      writeFileSync(path.join(dir, 'd', 'a.yaml'), cm('a'));
      writeFileSync(path.join(dir, 'd', 'sub', 'b.yaml'), cm('b'));
      symlinkSync('..', path.join(dir, 'd', 'sub', 'loop'));
      symlinkSync('..', path.join(dir, 'd', 'sub', 'loop.yaml'));
      symlinkSync(path.join('sub', 'b.yaml'), path.join(dir, 'd', 'blink.yaml'));
      const io = { out: () => undefined, err: () => undefined };
      await expect(readManifests([path.join(dir, 'd')], io, true)).rejects.toThrow(`error parsing ${path.join(dir, 'd', 'sub', 'loop.yaml')}: read ${path.join(dir, 'd', 'sub', 'loop.yaml')}: is a directory`);
      rmSync(path.join(dir, 'd', 'sub', 'loop.yaml'));
      const got = await readManifests([path.join(dir, 'd')], io, true);
      expect(got.map((m) => `${path.relative(dir, m.source)}:${m.object.metadata.name}`)).toEqual(['d/a.yaml:a', 'd/blink.yaml:b', 'd/sub/b.yaml:b']);
      symlinkSync('d', path.join(dir, 'link'));
      await expect(readManifests([path.join(dir, 'link')], io, true)).rejects.toThrow('is a directory');
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
