import type { Pod, Volume, VolumeMount } from 'kubernetes-types/core/v1.js';
import type { EnvSource } from './container-env.js';

/** VolumeFiles is a volume's content: path relative to the volume root → file content. */
export type VolumeFiles = Map<string, string>;

/** Storage is where a node keeps the volumes that outlive a pod: PersistentVolumes and hostPath directories. */
export interface Storage {
  /** The files of a named volume on the node (`pv:<name>`, `host:<path>`), made empty the first time. */
  volume(id: string): VolumeFiles;
}

/**
 * mountVolumes resolves a pod's volumes as the kubelet's volume manager mounts them before the sandbox is made:
 * ConfigMap and Secret volumes get a file per key (or per `items` entry), emptyDir one directory shared by the
 * pod's containers, persistentVolumeClaim and hostPath the node's storage (it outlives the pod). The first volume
 * that cannot be set up (a missing ConfigMap or Secret that is not optional, a claim not bound) is an error,
 * worded as kubelet's operation generator words it.
 */
export async function mountVolumes(
  pod: Pod,
  source: EnvSource,
  storage: Storage,
  emptyDirs: Map<string, VolumeFiles>,
  claimVolume: (namespace: string, claim: string) => Promise<string | undefined>,
): Promise<{ volumes: Map<string, VolumeFiles> } | { volume: string; error: string }> {
  const ns = pod.metadata?.namespace ?? 'default';
  const out = new Map<string, VolumeFiles>();
  for (const v of pod.spec?.volumes ?? []) {
    const r = await mountOne(v, ns, source, storage, emptyDirs, claimVolume);
    if (typeof r === 'string') return { volume: v.name, error: r };
    if (r) out.set(v.name, r);
  }
  return { volumes: out };
}

async function mountOne(
  v: Volume,
  ns: string,
  source: EnvSource,
  storage: Storage,
  emptyDirs: Map<string, VolumeFiles>,
  claimVolume: (namespace: string, claim: string) => Promise<string | undefined>,
): Promise<VolumeFiles | string | undefined> {
  if (v.configMap || v.secret) {
    const isCM = !!v.configMap;
    const ref = (v.configMap ?? v.secret)!;
    const name = (isCM ? v.configMap!.name : v.secret!.secretName) ?? '';
    const data = isCM ? await source.configMap(ns, name) : await source.secret(ns, name);
    if (!data) return ref.optional ? new Map() : `${isCM ? 'configmap' : 'secret'} "${name}" not found`;
    const files: VolumeFiles = new Map();
    if (ref.items?.length) {
      for (const it of ref.items) {
        if (data[it.key] === undefined) {
          if (ref.optional) continue;
          return isCM ? `configmap references non-existent config key: ${it.key}` : `references non-existent secret key: ${it.key}`;
        }
        files.set(it.path, data[it.key]!);
      }
    } else for (const [k, val] of Object.entries(data)) files.set(k, val);
    return files;
  }
  if (v.emptyDir) {
    let files = emptyDirs.get(v.name);
    if (!files) emptyDirs.set(v.name, (files = new Map()));
    return files;
  }
  if (v.persistentVolumeClaim) {
    const claim = v.persistentVolumeClaim.claimName;
    const pv = await claimVolume(ns, claim);
    if (!pv) return `persistentvolumeclaim "${claim}" is not bound`;
    return storage.volume(`pv:${pv}`);
  }
  if (v.hostPath) return storage.volume(`host:${v.hostPath.path}`);
  return undefined; // projected (the service account token), downwardAPI, ...: files the image already has
}

/**
 * MountedFiles is a container's file system with its volumes mounted: the same Map-like face the simulated shell
 * uses (get, set, has, delete, keys), where a path under a mount point reads and writes that volume's files, so
 * two containers share an emptyDir and a PersistentVolume keeps what a pod wrote after the pod is gone.
 */
export class MountedFiles {
  /** Mount points, longest first so the deepest mount wins. */
  private readonly mounts: { path: string; files: VolumeFiles; subPath?: string }[];

  constructor(
    private readonly base: Map<string, string>,
    mounts: { path: string; files: VolumeFiles; subPath?: string }[],
  ) {
    this.mounts = [...mounts].map((m) => ({ ...m, path: m.path.replace(/\/+$/, '') || '/' })).sort((a, b) => b.path.length - a.path.length);
  }

  /** mountPoints are the directories the mounts add (for `ls` and `cd`). */
  mountPoints(): string[] {
    return this.mounts.filter((m) => m.subPath === undefined).map((m) => m.path);
  }

  private route(path: string): { files: Map<string, string>; key: string } {
    for (const m of this.mounts) {
      if (m.subPath !== undefined) {
        if (path === m.path) return { files: m.files, key: m.subPath };
        continue;
      }
      if (path.startsWith(`${m.path}/`)) return { files: m.files, key: path.slice(m.path.length + 1) };
    }
    return { files: this.base, key: path };
  }

  get(path: string): string | undefined {
    const r = this.route(path);
    return r.files.get(r.key);
  }

  has(path: string): boolean {
    const r = this.route(path);
    return r.files.has(r.key);
  }

  set(path: string, content: string): this {
    const r = this.route(path);
    r.files.set(r.key, content);
    return this;
  }

  delete(path: string): boolean {
    const r = this.route(path);
    return r.files.delete(r.key);
  }

  *keys(): IterableIterator<string> {
    const shadowed = (p: string) => this.mounts.some((m) => (m.subPath !== undefined ? p === m.path : p.startsWith(`${m.path}/`)));
    for (const p of this.base.keys()) if (!shadowed(p)) yield p;
    for (const m of this.mounts) {
      if (m.subPath !== undefined) {
        if (m.files.has(m.subPath)) yield m.path;
      } else for (const k of m.files.keys()) yield `${m.path}/${k}`;
    }
  }
}

/** mountsOf lists a container's volume mounts with the volumes' files (mounts of unknown volumes are skipped). */
export function mountsOf(mounts: VolumeMount[] | undefined, volumes: Map<string, VolumeFiles>): { path: string; files: VolumeFiles; subPath?: string }[] {
  const out: { path: string; files: VolumeFiles; subPath?: string }[] = [];
  for (const m of mounts ?? []) {
    const files = volumes.get(m.name);
    if (files) out.push({ path: m.mountPath, files, subPath: m.subPath || undefined });
  }
  return out;
}
