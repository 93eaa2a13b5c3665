import { readFileSync } from 'node:fs';
import { createHash } from 'node:crypto';
import { assetPath } from '../cluster/assets.js';

/** ImageInfo is what the simulated runtime knows about an image. */
export interface ImageInfo {
  /** The repository without tag or digest, normalised (`nginx`, `registry.k8s.io/pause`). */
  repository: string;
  sizeBytes: number;
  /** How long the main process takes to exit after SIGTERM. */
  stopMs: number;
  ports: number[];
  digest: string;
  /** Lines the process prints when it starts and when it is told to stop (templates, see logs.ts). */
  startLogs: string[];
  stopLogs: string[];
  /** The software version the image runs: its tag, or the catalogue's default for `latest` / no tag. */
  version: string;
  /** Idle usage, for the metrics API. */
  usage?: { cpuMilli: number; memoryMiB: number };
}

type CatalogueEntry = Omit<ImageInfo, 'repository' | 'digest' | 'version' | 'startLogs' | 'stopLogs'> &
  Partial<Pick<ImageInfo, 'startLogs' | 'stopLogs'>> & { defaultVersion?: string };

interface Catalogue {
  default: CatalogueEntry;
  images: Record<string, CatalogueEntry>;
}

let catalogue: Catalogue | undefined;

function load(): Catalogue {
  catalogue ??= JSON.parse(readFileSync(assetPath('images.json'), 'utf8')) as Catalogue;
  return catalogue;
}

/** repositoryOf strips the tag, digest and the implicit `docker.io/library/` from an image reference. */
export function repositoryOf(image: string): string {
  let ref = image.split('@')[0]!;
  const slash = ref.lastIndexOf('/');
  const colon = ref.lastIndexOf(':');
  if (colon > slash) ref = ref.slice(0, colon);
  ref = ref.replace(/^docker\.io\//, '').replace(/^library\//, '');
  return ref;
}

/** normalisedTag is the image as the runtime reports it in container statuses (`nginx:latest`). */
export function normalisedTag(image: string): string {
  if (image.includes('@')) return image;
  const slash = image.lastIndexOf('/');
  return image.lastIndexOf(':') > slash ? image : `${image}:latest`;
}

/** lookupImage returns the catalogue entry of an image (a generic one for images the catalogue lacks). */
export function lookupImage(image: string): ImageInfo {
  const c = load();
  const repository = repositoryOf(image);
  const { defaultVersion, startLogs = [], stopLogs = [], ...entry } = c.images[repository] ?? c.default;
  const digest = 'sha256:' + createHash('sha256').update(normalisedTag(image)).digest('hex');
  const tag = normalisedTag(image).split(':').pop() ?? 'latest';
  const version = tag === 'latest' || image.includes('@') ? (defaultVersion ?? 'latest') : tag;
  return { repository, digest, ...entry, startLogs, stopLogs, version };
}
