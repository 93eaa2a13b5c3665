import { fileURLToPath } from 'node:url';
import { existsSync } from 'node:fs';
import path from 'node:path';

/**
 * assetPath finds a file in the package's assets/ folder, whether this code runs from src/ (tests) or from the
 * compiled dist/src/ (the installed binary).
 */
export function assetPath(name: string): string {
  let dir = path.dirname(fileURLToPath(import.meta.url));
  for (let i = 0; i < 5; i++) {
    const candidate = path.join(dir, 'assets', name);
    if (existsSync(candidate)) return candidate;
    dir = path.dirname(dir);
  }
  throw new Error(`asset ${name} not found`);
}
