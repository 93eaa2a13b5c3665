import { describe, it, expect } from 'vitest';
import { SAFE_ALPHABET, randomSuffix, safeEncode, fnv32a, dns1123Label, dns1123Subdomain, dns1035Label } from '../../src/api/names.js';

describe('safe alphabet', () => {
  it('is client-go\'s alphabet: no vowels, no look-alikes (0, 1, 3)', () => {
    expect(SAFE_ALPHABET).toBe('bcdfghjklmnpqrstvwxz2456789');
    expect(SAFE_ALPHABET).toHaveLength(27);
    expect(SAFE_ALPHABET).not.toMatch(/[aeiou013]/);
  });

  it('randomSuffix gives n safe characters, deterministic for a seeded source', () => {
    let i = 0;
    const seq = [0, 0.999999, 0.5, 0.04, 0.96];
    const s = randomSuffix(5, () => seq[i++ % seq.length]!);
    expect(s).toBe('b9rc8');
    expect(s).toMatch(/^[bcdfghjklmnpqrstvwxz2456789]{5}$/);
    for (let n = 0; n < 50; n++) expect(randomSuffix(5)).toMatch(/^[bcdfghjklmnpqrstvwxz2456789]{5}$/);
    expect(randomSuffix(0)).toBe('');
  });

  it('safeEncode maps each character by its code modulo 27, like SafeEncodeString', () => {
    // '0' is 48 → 48 % 27 = 21 → '4'; '9' is 57 → 3 → 'f'
    expect(safeEncode('0')).toBe('4');
    expect(safeEncode('9')).toBe('f');
    expect(safeEncode('1234567890')).toBe('56789bcdf4');
    expect(safeEncode('')).toBe('');
  });
});

describe('fnv32a', () => {
  it.each([
    ['', 0x811c9dc5],
    ['a', 0xe40c292c],
    ['foobar', 0xbf9cf968],
    ['hello', 0x4f9f2cab],
  ])('fnv32a(%j) = %i', (s, want) => {
    expect(fnv32a(s)).toBe(want);
  });

  it('hashes UTF-8 bytes and returns an unsigned 32-bit integer', () => {
    const h = fnv32a('ünïcödé');
    expect(h).toBeGreaterThanOrEqual(0);
    expect(h).toBeLessThan(2 ** 32);
    expect(Number.isInteger(h)).toBe(true);
    expect(fnv32a('ü')).not.toBe(fnv32a('\u00fc'.normalize('NFD')));
  });
});

describe('DNS names', () => {
  it.each([
    ['web', true],
    ['web-1', true],
    ['1web', true],
    ['a', true],
    ['Web', false],
    ['-web', false],
    ['web-', false],
    ['web.example', false],
    ['web_1', false],
    ['', false],
    ['a'.repeat(63), true],
    ['a'.repeat(64), false],
  ])('dns1123Label(%j) valid=%s', (name, ok) => {
    expect(dns1123Label(name).length === 0).toBe(ok);
  });

  it.each([
    ['web.example.com', true],
    ['web', true],
    ['web..x', false],
    ['.web', false],
    ['Web.x', false],
    [`${'a'.repeat(63)}.${'b'.repeat(63)}`, true],
    ['a'.repeat(254), false],
  ])('dns1123Subdomain(%j) valid=%s', (name, ok) => {
    expect(dns1123Subdomain(name).length === 0).toBe(ok);
  });

  it.each([
    ['web', true],
    ['web-1', true],
    ['1web', false],
    ['web.x', false],
    ['-a', false],
  ])('dns1035Label(%j) valid=%s', (name, ok) => {
    expect(dns1035Label(name).length === 0).toBe(ok);
  });

  it('words errors as apimachinery does', () => {
    expect(dns1123Label('Web')).toEqual([
      "a lowercase RFC 1123 label must consist of lower case alphanumeric characters or '-', and must start and end with an alphanumeric character (e.g. 'my-name',  or '123-abc', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?')",
    ]);
    expect(dns1123Label('a'.repeat(64))[0]).toBe('must be no more than 63 characters');
    expect(dns1035Label('1web')[0]).toMatch(/^a DNS-1035 label must consist of lower case alphanumeric characters or '-', start with an alphabetic character/);
    expect(dns1123Subdomain('A')[0]).toMatch(/^a lowercase RFC 1123 subdomain must consist of/);
  });
});
