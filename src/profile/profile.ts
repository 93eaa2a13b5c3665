import { existsSync, readdirSync, rmSync, mkdirSync } from 'node:fs';
import path from 'node:path';
import Conf from 'conf';
import { profileDir, minik9sHome } from './paths.js';
import { validateProfileName, pidAlive } from './profile-file.js';

export { validateProfileName, pidAlive };

/** ProfileConfig is what a profile records about its cluster (kept with conf, not the cluster state). */
export interface ProfileConfig {
  name: string;
  cpus: number;
  memoryMiB: number;
  /** Addons switched from their defaults (`minik9s addons enable|disable`), by name. */
  addons?: Record<string, boolean>;
  /** How many nodes the cluster has (`--nodes`, `node add`, `node delete`); 1 when absent. */
  nodes?: number;
  /** The workers' names (`minik9s-m03`, ...), for `status` while the cluster is stopped. */
  workers?: string[];
  /** The Kubernetes version the cluster reports (`--kubernetes-version`); KUBERNETES_VERSION when absent. */
  kubernetesVersion?: string;
  /** How many times faster than real time the cluster's clock runs (`--speed`). */
  speed?: number;
  /** Images loaded with `minik9s image load`, put back on the nodes at every start. */
  images?: string[];
  /** The API server's port on 127.0.0.1 the last time the daemon ran. */
  port?: number;
  /** The daemon's process id while it runs. */
  pid?: number;
  createdAt: string;
  /** True once the first `minik9s` (no arguments) applied the sample workload. */
  sampleApplied?: boolean;
}

/** openProfile opens (without creating) a profile's config; undefined when the profile does not exist. */
export function openProfile(name: string): Conf<ProfileConfig> | undefined {
  const dir = profileDir(name);
  if (!existsSync(path.join(dir, 'config.json'))) return undefined;
  return new Conf<ProfileConfig>({ cwd: dir, configName: 'config', projectName: 'minik9s', clearInvalidConfig: false });
}

/** createProfile makes a new profile's folder and config. */
export function createProfile(cfg: Omit<ProfileConfig, 'createdAt'>): Conf<ProfileConfig> {
  const dir = profileDir(cfg.name);
  mkdirSync(dir, { recursive: true, mode: 0o700 });
  const conf = new Conf<ProfileConfig>({ cwd: dir, configName: 'config', projectName: 'minik9s', clearInvalidConfig: false });
  conf.set({ ...cfg, createdAt: new Date().toISOString() });
  return conf;
}

/** listProfiles names every profile under MINIK9S_HOME. */
export function listProfiles(): string[] {
  const dir = path.join(minik9sHome(), 'profiles');
  if (!existsSync(dir)) return [];
  return readdirSync(dir).filter((n) => existsSync(path.join(dir, n, 'config.json'))).sort();
}

/** removeProfile deletes a profile's folder. */
export function removeProfile(name: string): void {
  rmSync(profileDir(name), { recursive: true, force: true });
}

/** rememberNodes records the cluster's nodes (the control plane first), as `start` and `node add|delete` leave them. */
export function rememberNodes(conf: Conf<ProfileConfig>, names: string[]): void {
  if (names.length <= 1) {
    conf.delete('nodes');
    conf.delete('workers');
    return;
  }
  conf.set('nodes', names.length);
  conf.set('workers', names.slice(1));
}
