import fs from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import { createHash } from 'node:crypto';
import { pidAlive } from '../profile/profile-file.js';

/** DirLock is held by the one process that owns a directory; release() gives it up (so does dying). */
export interface DirLock {
  release(): void;
}

/** LockedError says another live process holds the lock. */
export class LockedError extends Error {}

/**
 * lockDir makes sure one process at a time owns dir (a profile's store: two daemons writing one log would
 * corrupt it). On Linux the lock is a listening socket in the abstract namespace named after the directory: the
 * kernel frees it when the process dies, even by kill -9, so a stale lock cannot exist and there is no pid file to
 * judge. Elsewhere it is a `LOCK` file holding the owner's pid, taken over when that pid is gone.
 */
export async function lockDir(dir: string): Promise<DirLock> {
  const real = fs.realpathSync(dir);
  if (process.platform === 'linux') {
    const name = `\0minik9s-store-${createHash('sha256').update(real).digest('hex').slice(0, 32)}`;
    const server = net.createServer((sock) => sock.destroy());
    await new Promise<void>((resolve, reject) => {
      server.once('error', (err: NodeJS.ErrnoException) =>
        reject(err.code === 'EADDRINUSE' ? new LockedError(`${real} is in use by another minik9s daemon`) : err),
      );
      server.listen(name, () => resolve());
    });
    server.unref();
    return { release: () => server.close() };
  }
  const file = path.join(real, 'LOCK');
  for (let attempt = 0; attempt < 2; attempt++) {
    try {
      fs.writeFileSync(file, String(process.pid), { flag: 'wx' });
      return { release: () => fs.rmSync(file, { force: true }) };
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
      const owner = Number(fs.readFileSync(file, 'utf8'));
      if (pidAlive(owner)) throw new LockedError(`${real} is in use by another minik9s daemon (pid ${owner})`);
      fs.rmSync(file, { force: true });
    }
  }
  throw new LockedError(`${real} is in use by another minik9s daemon`);
}
