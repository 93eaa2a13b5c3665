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
  /** Whether the catalogue (the simulated registry) has this repository: others fail to pull. */
  known: boolean;
  /** `server` runs until stopped; `command` runs its command (or the image's default one) and exits. */
  behaviour: 'server' | 'command';
  /** The default command of a `command` image (its Dockerfile CMD). */
  command?: string[];
  /** Programs that, given as a pod's command, start the image's server rather than a script. */
  serverCommands?: string[];
  /** The pattern of the tags the registry knows for this repository. */
  tags?: string;
  /** What the server does on SIGTERM: exit after stopMs, or ignore it (killed at the end of the grace period). */
  sigterm?: 'exit' | 'ignore';
  /** The server exits at start with exitCode and these lines unless one of anyOf is set in its environment. */
  requireEnv?: { anyOf: string[]; exitCode: number; logs: string[] };
  /** Extra programs on the image's PATH (for the simulated shell). */
  programs?: string[];
  /** A server that speaks something else than HTTP on its ports (redis.ts). */
  protocol?: 'redis';
  /** The HTTP server the image runs on its ports, as serving.ts simulates it. */
  http?: 'nginx' | 'httpd' | 'http-echo' | 'echoserver' | 'ingress-nginx';
}

type CatalogueEntry = Omit<ImageInfo, 'repository' | 'digest' | 'version' | 'startLogs' | 'stopLogs' | 'known'> &
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
  const known = repository in c.images;
  const { defaultVersion, startLogs = [], stopLogs = [], ...entry } = c.images[repository] ?? c.default;
  const digest = 'sha256:' + createHash('sha256').update(normalisedTag(image)).digest('hex');
  const tag = normalisedTag(image).split(':').pop() ?? 'latest';
  const version = tag === 'latest' || image.includes('@') ? (defaultVersion ?? 'latest') : tag;
  return { repository, digest, ...entry, startLogs, stopLogs, version, known };
}

/**
 * pullError is what the simulated registry answers for an image it cannot serve, worded as Docker (the node's
 * runtime, through cri-dockerd's gRPC) words it; undefined when the pull succeeds.
 */
export function pullError(image: string): string | undefined {
  const info = lookupImage(image);
  const prefix = 'rpc error: code = Unknown desc = Error response from daemon: ';
  if (!info.known) {
    const repo = image.split('@')[0]!.replace(/:[^:/]+$/, '');
    return `${prefix}pull access denied for ${repo}, repository does not exist or may require 'docker login': denied: requested access to the resource is denied`;
  }
  if (image.includes('@') || !info.tags) return undefined;
  const tag = normalisedTag(image).split(':').pop() ?? 'latest';
  if (new RegExp(info.tags).test(tag)) return undefined;
  return `${prefix}manifest for ${image} not found: manifest unknown: manifest unknown`;
}
