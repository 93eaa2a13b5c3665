import type { ImageInfo } from './images.js';

/**
 * The pod lifecycle of the simulated runtime, as data: how long each stage takes and what it reports.
 * The kubelet walks these stages; changing the simulation's feel means changing this table, not the kubelet.
 */
const realTimings = {
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
  /** Crash and image-pull back-off (flowcontrol.Backoff in the kubelet): 10 s doubling to 300 s. */
  backOffInitialMs: 10_000,
  backOffMaxMs: 300_000,
  /** From a container exiting to the kubelet noticing it (PLEG relist period). */
  plegMs: 1_000,
  /** From a failed pull (ErrImagePull) to the next pod sync, which finds the image in back-off. */
  errorResyncMs: 1_000,
  /** The pod worker's requeue after a sync error it cannot back off (CreateContainerConfigError, ErrImageNeverPull). */
  syncRetryMs: 10_000,
  /** A server image that refuses to start (postgres without a password) exits this soon. */
  failFastMs: 50,
  /** The first probe of a container with initialDelaySeconds 0 runs this soon (the prober worker's first tick). */
  firstProbeMs: 1_000,
};

/** Timings is the shape of TIMINGS: a kubelet can be given its own (a zero-delay lifecycle for benchmarks). */
export type Timings = Readonly<typeof realTimings>;
export const TIMINGS: Timings = realTimings;

/**
 * ZERO_DELAY_TIMINGS start and stop pods as fast as the control plane can go (kwok's stance): no sandbox, pull,
 * create, start or clean-up delay. Back-off, probes and the PLEG keep their real periods, since they are behaviour.
 */
export const ZERO_DELAY_TIMINGS: Timings = {
  ...TIMINGS,
  sandboxMs: 0,
  cachedPullMs: 0,
  pullBaseMs: 0,
  pullBytesPerSecond: Infinity,
  createMs: 0,
  startMs: 0,
  cleanupMs: 0,
};

/** backOffNext is flowcontrol.Backoff.Next: the first delay, then double up to the cap; reset when the previous
 * update is more than twice the cap (10 min) old. */
export function backOffNext(prev: { ms: number; at: number } | undefined, at: number): { ms: number; at: number } {
  if (!prev || at - prev.at > 2 * TIMINGS.backOffMaxMs) return { ms: TIMINGS.backOffInitialMs, at };
  return { ms: Math.min(prev.ms * 2, TIMINGS.backOffMaxMs), at };
}

/** pullMs is how long pulling image takes on a node that has (or has not) got it. */
export function pullMs(image: ImageInfo, present: boolean, t: Timings = TIMINGS): number {
  if (present) return t.cachedPullMs;
  return Math.round(t.pullBaseMs + (image.sizeBytes / t.pullBytesPerSecond) * 1000);
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
  /** Docker Hub's answer to a client over its pull rate limit (the fault `minik9s` injects for failing pulls). */
  pullRateLimited: () =>
    'rpc error: code = Unknown desc = Error response from daemon: toomanyrequests: You have reached your unauthenticated pull rate limit. https://www.docker.com/increase-rate-limit',
  pulling: (image: string) => `Pulling image "${image}"`,
  pulled: (image: string, ms: number, size: number) =>
    `Successfully pulled image "${image}" in ${goDuration(ms)} (${goDuration(ms)} including waiting). Image size: ${size} bytes.`,
  present: (image: string) => `Container image "${image}" already present on machine and can be accessed by the pod`,
  created: () => 'Container created',
  started: () => 'Container started',
  killing: (container: string) => `Stopping container ${container}`,
  failedPull: (image: string, err: string) => `Failed to pull image "${image}": ${err}`,
  error: (what: string) => `Error: ${what}`,
  backOffPull: (image: string) => `Back-off pulling image "${image}"`,
  neverPull: (image: string) => `Container image "${image}" is not present with pull policy of Never`,
  /** operation_generator.go's MountVolume.SetUp failure. */
  failedMount: (volume: string, err: string) => `MountVolume.SetUp failed for volume "${volume}" : ${err}`,
  backOffRestart: (container: string, pod: string) => `Back-off restarting failed container ${container} in pod ${pod}`,
  /** The CrashLoopBackOff waiting message: `back-off 10s restarting failed container=c pod=name_ns(uid)`. */
  crashLoop: (ms: number, container: string, pod: string) => `back-off ${goDuration(ms).replace(/^(\d+)m0s$/, '$1m0s')} restarting failed container=${container} pod=${pod}`,
  probeFailed: (kind: string, output: string) => `${kind} probe failed: ${output}`,
  probeKill: (container: string, kind: string) => `Container ${container} failed ${kind} probe, will be restarted`,
  refused: (url: string, hostPort: string) => (url ? `Get "${url}": dial tcp ${hostPort}: connect: connection refused` : `dial tcp ${hostPort}: connect: connection refused`),
};

/** formatPod is the kubelet's format.Pod: `name_namespace(uid)`. */
export function formatPod(name: string, namespace: string, uid: string): string {
  return `${name}_${namespace}(${uid})`;
}

/** The phases of one simulated pod, in order. */
export type PodStage = 'Waiting' | 'SandboxReady' | 'StartingContainers' | 'Running' | 'Killing' | 'Stopped';
