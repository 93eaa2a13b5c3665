import type { ImageInfo } from './images.js';

/**
 * The pod lifecycle of the simulated runtime, as data: how long each stage takes and what it reports.
 * The kubelet walks these stages; changing the simulation's feel means changing this table, not the kubelet.
 */
export const TIMINGS = {
  /** From the kubelet seeing the pod to its sandbox and network being ready (PodReadyToStartContainers). */
  sandboxMs: 400,
  /** Registry round trip for an image already on the node when the policy says Always. */
  cachedPullMs: 350,
  /** Fixed cost of a pull before bytes flow. */
  pullBaseMs: 400,
  /** Simulated download speed. */
  pullBytesPerSecond: 60_000_000,
  /** Creating a container once its image is there. */
  createMs: 80,
  /** Starting a created container. */
  startMs: 120,
  /** After the last container stops, until the kubelet reports the final status and removes the pod. */
  cleanupMs: 100,
  /** How soon a deleted mirror pod is recreated. */
  mirrorRecreateMs: 500,
} as const;

/** pullMs is how long pulling image takes on a node that has (or has not) got it. */
export function pullMs(image: ImageInfo, present: boolean): number {
  if (present) return TIMINGS.cachedPullMs;
  return Math.round(TIMINGS.pullBaseMs + (image.sizeBytes / TIMINGS.pullBytesPerSecond) * 1000);
}

/** goDuration prints milliseconds as Go's time.Duration does after truncation to ms: `850ms`, `1.5s`, `1m2.345s`. */
export function goDuration(ms: number): string {
  ms = Math.round(ms);
  if (ms < 1000) return `${ms}ms`;
  const m = Math.floor(ms / 60_000);
  const s = (ms % 60_000) / 1000;
  const sec = `${Number(s.toFixed(3))}s`;
  return m ? `${m}m${sec}` : sec;
}

/** The kubelet's event messages (Kubernetes 1.35 wording). */
export const MESSAGES = {
  pulling: (image: string) => `Pulling image "${image}"`,
  pulled: (image: string, ms: number, size: number) =>
    `Successfully pulled image "${image}" in ${goDuration(ms)} (${goDuration(ms)} including waiting). Image size: ${size} bytes.`,
  present: (image: string) => `Container image "${image}" already present on machine and can be accessed by the pod`,
  created: () => 'Container created',
  started: () => 'Container started',
  killing: (container: string) => `Stopping container ${container}`,
};

/** The phases of one simulated pod, in order. */
export type PodStage = 'Waiting' | 'SandboxReady' | 'StartingContainers' | 'Running' | 'Killing' | 'Stopped';
