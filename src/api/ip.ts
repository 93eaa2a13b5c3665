/** IPv4 addresses as numbers, for the simulated networks' arithmetic (pod CIDRs, the service range, policies). */

/** ipToInt reads a dotted IPv4 address as an unsigned 32-bit number. */
export function ipToInt(ip: string): number {
  return ip.split('.').reduce((n, part) => n * 256 + Number(part), 0) >>> 0;
}

/** intToIp writes an unsigned 32-bit number as a dotted IPv4 address. */
export function intToIp(n: number): string {
  return [n >>> 24, (n >>> 16) & 255, (n >>> 8) & 255, n & 255].join('.');
}

/** inCidr tells whether an address lies in a CIDR block (`10.244.0.0/16`). */
export function inCidr(ip: string, cidr: string): boolean {
  const [base, bits] = cidr.split('/');
  const n = Number(bits ?? 32);
  const mask = n === 0 ? 0 : (~0 << (32 - n)) >>> 0;
  return ((ipToInt(ip) & mask) >>> 0) === ((ipToInt(base!) & mask) >>> 0);
}
