import os from 'node:os';
import { randomBytes } from 'node:crypto';
import type { Container, ContainerImage, ContainerStatus, Node, Pod, PodCondition, PodStatus, Probe } from 'kubernetes-types/core/v1.js';
import type { KubeObject } from '../api/types.js';
import { mustKind } from '../api/kinds.js';
import { isNotFound, isConflict, isAlreadyExists } from '../api/api-error.js';
import { formatTime } from '../apiserver/registry.js';
import { Informer } from '../client/informer.js';
import { EventRecorder } from '../client/event-recorder.js';
import type { TimerHandle } from '../cluster/clock.js';
import { KUBERNETES_VERSION, CONTAINER_RUNTIME_VERSION } from '../cluster/version.js';
import type { ControllerContext } from '../controllers/controller.js';
import { lookupImage, normalisedTag, pullError, repositoryOf, type ImageInfo } from './images.js';
import { TIMINGS, MESSAGES, pullMs, backOffNext, formatPod, type PodStage, type Timings } from './lifecycle.js';
import { ContainerLog } from './logs.js';
import type { PodNetwork } from '../proxy/pod-network.js';
import { redisCommand } from './redis.js';
import { intToIp, ipToInt } from '../api/ip.js';
import { listensOn, serveHttp, type HttpRequest, type HttpResponse, type PodConnection, type ServerContext } from './serving.js';
import { mountVolumes, mountsOf, MountedFiles, type VolumeFiles } from './volumes.js';
import { containerEnv, expandRefs, resolveEnv, shellContext, type EnvSource } from './container-env.js';
import { startProcess, type Process } from './process.js';
import { runCommand, type ShellContext } from './shell.js';
import { ExecSession, type ExecIO, type ExecOptions } from './exec.js';
import type { Service } from 'kubernetes-types/core/v1.js';
import { NodeHeartbeat, writeGate } from './node-status.js';
import { cloneJSON } from '../api/clone.js';

type P = Pod & KubeObject;

const podKind = mustKind('v1', 'Pod');
const nodeKind = mustKind('v1', 'Node');
const svcKind = mustKind('v1', 'Service');
const cmKind = mustKind('v1', 'ConfigMap');
const secretKind = mustKind('v1', 'Secret');
const pvcKind = mustKind('v1', 'PersistentVolumeClaim');

/** The volume operation executor's longest back-off between mount attempts (2m2s). */
const MOUNT_BACKOFF_MAX_MS = 122_000;
/** How often the kubelet's sync brings ConfigMap and Secret volumes up to date (its syncFrequency, 1m). */
const VOLUME_REFRESH_MS = 60_000;

/** KubeletOptions describe the node a kubelet runs. */
export interface KubeletOptions {
  nodeName: string;
  /** The node's simulated address (192.168.49.x): a label, never a destination. */
  nodeIP: string;
  /** The node's pod CIDR (10.244.N.0/24 as minikube's; wider for nodes that hold thousands of pods). */
  podCIDR: string;
  cpus: number;
  memoryMiB: number;
  /** The node's pod capacity (the kubelet's --max-pods, 110 by default). */
  maxPods?: number;
  /** The lifecycle's delays (TIMINGS unless given: ZERO_DELAY_TIMINGS for benchmarks). */
  timings?: Timings;
  controlPlane: boolean;
  /** Static pod manifests: the kubelet runs them and publishes mirror pods for them. */
  staticPods: KubeObject[];
  /** Images already on the node when it boots. */
  preloadedImages?: string[];
  /** The version the node reports (nodeInfo.kubeletVersion); KUBERNETES_VERSION by default. */
  kubeletVersion?: string;
  /** The network a pod's containers see (cluster DNS, Services, pods), for nslookup, curl and wget. */
  network?: (namespace: string, podIP: () => string | undefined, node: string) => PodNetwork;
  /** What the ingress-nginx controller image does with a request (it routes through the cluster: src/proxy). */
  ingress?: (ctx: ServerContext, req: HttpRequest) => { response: HttpResponse; log?: string };
  labels?: Record<string, string>;
}

interface Terminated {
  exitCode: number;
  reason: string;
  message?: string;
  startedAt?: string;
  finishedAt: string;
  containerID?: string;
}

interface ProbeState {
  kind: 'Startup' | 'Liveness' | 'Readiness';
  spec: Probe;
  next: number;
  successes: number;
  failures: number;
}

interface ContainerRuntime {
  index: number;
  name: string;
  image: string;
  info: ImageInfo;
  state: 'waiting' | 'running' | 'terminated';
  waitingReason?: string;
  waitingMessage?: string;
  startedAt?: string;
  finishedAt?: string;
  exitCode?: number;
  terminatedReason?: string;
  terminatedMessage?: string;
  containerID?: string;
  imageReady: boolean;
  restartCount: number;
  lastTerminated?: Terminated;
  /** Readiness (probe result, or true once started without a readiness probe) and startup-probe state. */
  ready: boolean;
  started: boolean;
  crashBackOff?: { ms: number; at: number };
  pullBackOff?: { ms: number; at: number };
  /** The running main process of a command container, and its one timer (sleeping) and probe timer. */
  proc?: Process;
  procTimer?: TimerHandle;
  probeTimer?: TimerHandle;
  retryTimer?: TimerHandle;
  probes: ProbeState[];
  /** The container's own file system and environment, shared by its process, exec sessions and exec probes:
   * made on first use (a server nobody execs into never needs one), see shellOf. */
  shell?: ShellContext;
  makeShell?: () => ShellContext;
  /** Being stopped (liveness failure): the stop timer. */
  stopping?: TimerHandle;
  /** The output of the current run, and of the previous one (`kubectl logs --previous`). */
  log?: ContainerLog;
  previousLog?: ContainerLog;
  /** A partial line (no newline yet) of the current run. */
  partial?: string;
  /** The environment fixed when the container started (Service variables are a snapshot, as in Kubernetes). */
  env?: Record<string, string>;
  /** A redis server's data (in its memory: gone when the container restarts). */
  redisData?: Map<string, string>;
}

interface PodRuntime {
  uid: string;
  namespace: string;
  name: string;
  stage: PodStage;
  timers: Set<TimerHandle>;
  ip?: string;
  startTime: string;
  containers: ContainerRuntime[];
  transitions: Map<string, { status: string; time: string }>;
  mirror: boolean;
  /** The status write waiting for the next turn (see writeStatus). */
  statusWrite?: Promise<void>;
  /** Requests its servers answered (node ports, Services, port-forward, other pods). */
  served?: number;
  /** The pod's mounted volumes by name (set once they are all mounted), its emptyDirs, the mount back-off. */
  volumes?: Map<string, VolumeFiles>;
  emptyDirs: Map<string, VolumeFiles>;
  mountBackOffMs?: number;
}

/**
 * Kubelet is the agent of one simulated node: it registers the Node, runs the pods bound to it through the
 * lifecycle stages of lifecycle.ts (sandbox, image pull, create, start), reports their status and events,
 * stops them gracefully when they are deleted, and keeps mirror pods for its static pods.
 */
export class Kubelet {
  private readonly pods = new Map<string, PodRuntime>();
  private readonly informer: Informer<P>;
  private readonly recorder: EventRecorder;
  private readonly services: Informer<Service & KubeObject>;
  /** Repositories whose pulls fail on purpose (fault injection). */
  private readonly failingPulls = new Set<string>();
  private readonly imagesPresent = new Set<string>();
  private readonly usedIPs = new Set<number>();
  /** The offset in the pod CIDR of the address handed out last (host-local IPAM goes on from there). */
  private lastIP = 1;
  private readonly mirrorTimers = new Set<TimerHandle>();
  /** The node's own storage: PersistentVolumes (minikube's hostpath provisioner keeps them on the node) and hostPath. */
  private readonly volumeStore = new Map<string, VolumeFiles>();
  private readonly storage = {
    volume: (id: string): VolumeFiles => {
      let v = this.volumeStore.get(id);
      if (!v) this.volumeStore.set(id, (v = new Map()));
      return v;
    },
  };
  private stopped = false;
  private nodeUid = '';
  /** False while the node is down (setHealthy): no heartbeats, no status, no events reach the API server. */
  private healthy = true;
  private readonly heartbeat: NodeHeartbeat;

  constructor(
    private readonly ctx: ControllerContext,
    readonly opts: KubeletOptions,
  ) {
    this.informer = new Informer<P>(ctx.client, podKind, { fieldSelector: `spec.nodeName=${opts.nodeName}` });
    this.recorder = new EventRecorder(writeGate(ctx.client, () => this.healthy), ctx.clock, ctx.activity, { component: 'kubelet', host: opts.nodeName });
    this.heartbeat = new NodeHeartbeat(ctx, opts.nodeName, (reason) =>
      this.recorder.record(this.nodeRef(), 'Normal', reason, `Node ${opts.nodeName} status is now: ${reason}`),
      () => this.nodeImages(),
    );
    this.services = ctx.informers.for<Service & KubeObject>(svcKind);
    for (const image of opts.preloadedImages ?? []) this.imagesPresent.add(normalisedTag(image));
    for (const sp of opts.staticPods) for (const c of (sp.spec as Pod['spec'])?.containers ?? []) this.imagesPresent.add(normalisedTag(c.image ?? ''));
  }

  /** t is the lifecycle's delays for this node. */
  private get t(): Timings {
    return this.opts.timings ?? TIMINGS;
  }

  /** start registers the node and begins running its pods. */
  async start(): Promise<void> {
    await this.registerNode();
    this.informer.on({
      add: (p) => this.sync(p),
      update: (p) => this.sync(p),
      delete: (p) => this.forget(p),
    });
    this.informer.start();
    await this.informer.synced;
    for (const sp of this.opts.staticPods) await this.ensureMirrorPod(sp);
    await this.heartbeat.start();
  }

  stop(): void {
    this.stopped = true;
    this.heartbeat.stop();
    this.informer.stop();
    for (const rt of this.pods.values()) this.cancelTimers(rt);
    for (const t of this.mirrorTimers) this.ctx.clock.clearTimeout(t);
  }

  /**
   * setHealthy simulates the node failing (false: the kubelet stops renewing its lease, posting node and pod
   * status and events, though its containers keep running) and recovering (true: it renews the lease, posts a
   * Ready status and catches up with the pods bound or deleted meanwhile).
   */
  async setHealthy(healthy: boolean): Promise<void> {
    if (this.stopped || healthy === this.healthy) return;
    this.healthy = healthy;
    if (!healthy) {
      this.heartbeat.stop();
      return;
    }
    await this.heartbeat.start();
    for (const pod of this.informer.list()) {
      const rt = this.pods.get(pod.metadata.uid!);
      if (rt?.stage === 'Stopped' && pod.metadata.deletionTimestamp) await this.removePod(pod);
      else if (rt && rt.stage !== 'Killing') await this.writeStatus(rt);
      this.sync(pod);
    }
    for (const sp of this.opts.staticPods) await this.ensureMirrorPod(sp);
  }

  /** isHealthy tells whether the node is up (see setHealthy). */
  get isHealthy(): boolean {
    return this.healthy;
  }

  private now(): string {
    return formatTime(this.ctx.clock.now());
  }

  private nodeRef() {
    return { kind: 'Node', name: this.opts.nodeName, uid: this.opts.nodeName };
  }

  private async registerNode(): Promise<void> {
    const { nodeName, nodeIP, podCIDR, cpus, memoryMiB } = this.opts;
    const now = this.now();
    const cond = (type: string, status: string, reason: string, message: string) => ({
      type, status, lastHeartbeatTime: now, lastTransitionTime: now, reason, message,
    });
    const capacity = {
      cpu: String(cpus),
      'ephemeral-storage': '61202244Ki',
      'hugepages-1Gi': '0',
      'hugepages-2Mi': '0',
      memory: `${memoryMiB * 1024}Ki`,
      pods: String(this.opts.maxPods ?? 110),
    };
    const labels: Record<string, string> = {
      'beta.kubernetes.io/arch': 'amd64',
      'beta.kubernetes.io/os': 'linux',
      'kubernetes.io/arch': 'amd64',
      'kubernetes.io/hostname': nodeName,
      'kubernetes.io/os': 'linux',
      ...(this.opts.controlPlane
        ? { 'node-role.kubernetes.io/control-plane': '', 'node.kubernetes.io/exclude-from-external-load-balancers': '' }
        : {}),
      ...(this.opts.labels ?? {}),
    };
    const node: KubeObject = {
      apiVersion: 'v1',
      kind: 'Node',
      metadata: {
        name: nodeName,
        labels,
        annotations: { 'node.alpha.kubernetes.io/ttl': '0', 'volumes.kubernetes.io/controller-managed-attach-detach': 'true' },
      },
      spec: { podCIDR, podCIDRs: [podCIDR] },
      status: {
        capacity,
        allocatable: { ...capacity },
        conditions: [
          cond('MemoryPressure', 'False', 'KubeletHasSufficientMemory', 'kubelet has sufficient memory available'),
          cond('DiskPressure', 'False', 'KubeletHasNoDiskPressure', 'kubelet has no disk pressure'),
          cond('PIDPressure', 'False', 'KubeletHasSufficientPID', 'kubelet has sufficient PID available'),
          cond('Ready', 'True', 'KubeletReady', 'kubelet is posting ready status'),
        ],
        addresses: [
          { address: nodeIP, type: 'InternalIP' },
          { address: nodeName, type: 'Hostname' },
        ],
        daemonEndpoints: { kubeletEndpoint: { Port: 10250 } },
        nodeInfo: {
          architecture: 'amd64',
          bootID: randomUUIDish(),
          containerRuntimeVersion: CONTAINER_RUNTIME_VERSION,
          kernelVersion: os.release(),
          kubeProxyVersion: '',
          kubeletVersion: this.opts.kubeletVersion ?? KUBERNETES_VERSION,
          machineID: randomBytes(16).toString('hex'),
          operatingSystem: 'linux',
          osImage: 'Debian GNU/Linux 12 (bookworm)',
          systemUUID: randomUUIDish(),
        },
        images: this.nodeImages(),
      },
    };
    let created: KubeObject;
    try {
      created = await this.ctx.client.create(nodeKind, undefined, node);
    } catch (err) {
      if (!isAlreadyExists(err)) throw err;
      const cur = (await this.ctx.client.get(nodeKind, undefined, nodeName)) as Node & KubeObject;
      // A node coming back (the cluster was stopped) still has the images it had pulled on its disk.
      for (const img of cur.status?.images ?? []) if (img.names?.length) this.imagesPresent.add(img.names.at(-1)!);
      (node.status as Node['status'])!.images = this.nodeImages();
      created = await this.ctx.client.update(nodeKind, undefined, { ...cur, status: node.status }, { subresource: 'status' });
    }
    this.nodeUid = created.metadata.uid ?? '';
    const ref = this.nodeRef();
    this.recorder.record(ref, 'Normal', 'Starting', 'Starting kubelet.');
    for (const r of ['NodeHasSufficientMemory', 'NodeHasNoDiskPressure', 'NodeHasSufficientPID'])
      this.recorder.record(ref, 'Normal', r, `Node ${nodeName} status is now: ${r}`);
    this.recorder.record(ref, 'Normal', 'NodeAllocatableEnforced', 'Updated Node Allocatable limit across pods');
    this.recorder.record(ref, 'Normal', 'NodeReady', `Node ${nodeName} status is now: NodeReady`);
  }

  // ---- pods ---------------------------------------------------------------------------------------------

  private sync(pod: P): void {
    if (this.stopped || !this.healthy) return;
    const uid = pod.metadata.uid!;
    const rt = this.pods.get(uid);
    if (pod.metadata.deletionTimestamp) {
      if (rt) {
        if (rt.stage !== 'Killing' && rt.stage !== 'Stopped') this.kill(rt, pod);
      } else void this.removePod(pod);
      return;
    }
    // A pod that finished before this kubelet started (a Job's, before a restart of the cluster) stays finished.
    if (!rt && (pod.status?.phase === 'Succeeded' || pod.status?.phase === 'Failed')) return;
    if (!rt) this.startPod(pod);
  }

  private forget(pod: P): void {
    const rt = this.pods.get(pod.metadata.uid!);
    if (rt) {
      this.cancelTimers(rt);
      this.releaseIP(rt);
      this.pods.delete(rt.uid);
    }
    if (this.stopped) return;
    const source = pod.metadata.annotations?.['kubernetes.io/config.mirror'];
    if (source) {
      // The static pod keeps running; its mirror comes back, as a real kubelet recreates it.
      const sp = this.opts.staticPods.find((s) => `${s.metadata.name}-${this.opts.nodeName}` === pod.metadata.name);
      if (sp) {
        const t = this.ctx.clock.setTimeout(() => {
          this.mirrorTimers.delete(t);
          void this.ctx.activity.track(this.ensureMirrorPod(sp));
        }, this.t.mirrorRecreateMs, `kubelet recreates mirror pod ${pod.metadata.namespace}/${pod.metadata.name}`);
        this.mirrorTimers.add(t);
      }
    }
  }

  /** after runs a pod-level step after ms of cluster time (a cTimer whose handle nobody needs). */
  private after(rt: PodRuntime, ms: number, fn: () => Promise<void> | void, what = 'syncs'): void {
    this.cTimer(rt, ms, fn, what);
  }

  private cancelTimers(rt: PodRuntime): void {
    for (const t of rt.timers) this.ctx.clock.clearTimeout(t);
    rt.timers.clear();
  }

  private startPod(pod: P): void {
    const spec = pod.spec!;
    const rt: PodRuntime = {
      uid: pod.metadata.uid!,
      namespace: pod.metadata.namespace!,
      name: pod.metadata.name!,
      stage: 'Waiting',
      timers: new Set(),
      startTime: this.now(),
      containers: spec.containers.map((c, index) => ({
        index,
        name: c.name,
        image: c.image ?? '',
        info: lookupImage(c.image ?? ''),
        state: 'waiting',
        waitingReason: 'ContainerCreating',
        imageReady: false,
        restartCount: 0,
        ready: false,
        started: false,
        probes: [],
      })),
      transitions: new Map(),
      mirror: !!pod.metadata.annotations?.['kubernetes.io/config.mirror'],
      emptyDirs: new Map(),
    };
    if (spec.hostNetwork) rt.ip = this.opts.nodeIP;
    this.rebooted(pod, rt);
    this.pods.set(rt.uid, rt);
    void this.ctx.activity.track(this.writeStatus(rt));
    void this.ctx.activity.track(this.mount(rt));
  }

  /**
   * rebooted carries over what a pod that already ran on this node keeps when the node comes back from a reboot
   * (the cluster was stopped and started): its start time, and per container a restart, the run that ended as
   * lastState (exit code 255, reason Unknown, as containerd reports a container that died with its node), then a
   * new sandbox (a new IP) and new containers, with the kubelet's SandboxChanged event.
   */
  private rebooted(pod: P, rt: PodRuntime): void {
    const before = pod.status?.containerStatuses;
    if (!before?.length) return;
    if (pod.status?.startTime) rt.startTime = pod.status.startTime;
    const now = this.now();
    for (const c of rt.containers) {
      const prev = before.find((s) => s.name === c.name);
      if (!prev) continue;
      c.restartCount = prev.restartCount ?? 0;
      const ran = prev.state?.running ?? prev.state?.terminated;
      if (!ran) {
        const last = prev.lastState?.terminated;
        if (last) c.lastTerminated = { ...last, reason: last.reason ?? 'Unknown', finishedAt: last.finishedAt ?? now };
        continue;
      }
      c.restartCount++;
      c.lastTerminated = { exitCode: 255, reason: 'Unknown', startedAt: ran.startedAt, finishedAt: now, containerID: prev.containerID };
    }
    this.recorder.event(pod, 'Normal', 'SandboxChanged', 'Pod sandbox changed, it will be killed and re-created.');
  }

  /**
   * mount sets the pod's volumes up before its sandbox, as the volume manager does: a volume that cannot be set up
   * (a missing ConfigMap or Secret) leaves the pod ContainerCreating with FailedMount events, retried with the
   * operation executor's back-off (500 ms doubling to 2m2s) until it can.
   */
  private async mount(rt: PodRuntime): Promise<void> {
    const pod = this.current(rt);
    if (!pod || !this.live(rt)) return;
    if (!pod.spec?.volumes?.length) {
      rt.volumes = new Map();
      this.after(rt, this.t.sandboxMs, () => this.sandboxReady(rt), 'its sandbox is ready');
      return;
    }
    const r = await mountVolumes(pod, this.envSource(), this.storage, rt.emptyDirs, (ns, claim) => this.claimVolume(ns, claim));
    if (!this.live(rt)) return;
    if ('error' in r) {
      this.recorder.event(pod, 'Warning', 'FailedMount', MESSAGES.failedMount(r.volume, r.error));
      rt.mountBackOffMs = Math.min((rt.mountBackOffMs ?? 250) * 2, MOUNT_BACKOFF_MAX_MS);
      this.after(rt, rt.mountBackOffMs, () => this.mount(rt), `mounts volume ${r.volume} again`);
      return;
    }
    rt.volumes = r.volumes;
    this.after(rt, this.t.sandboxMs, () => this.sandboxReady(rt), 'its sandbox is ready');
    if (pod.spec.volumes.some((v) => v.configMap || v.secret)) this.after(rt, VOLUME_REFRESH_MS, () => this.refreshVolumes(rt), 'refreshes its ConfigMap and Secret volumes');
  }

  /**
   * refreshVolumes brings ConfigMap and Secret volumes up to date, as the kubelet's periodic sync does (so an
   * edited ConfigMap shows in the mounted files within about a minute; environment variables never change).
   */
  private async refreshVolumes(rt: PodRuntime): Promise<void> {
    const pod = this.current(rt);
    if (!pod || !this.live(rt) || !rt.volumes) return;
    const only = { ...pod, spec: { ...pod.spec!, volumes: (pod.spec?.volumes ?? []).filter((v) => v.configMap || v.secret) } } as P;
    const r = await mountVolumes(only, this.envSource(), this.storage, rt.emptyDirs, async () => undefined);
    if ('volumes' in r)
      for (const [name, files] of r.volumes) {
        const cur = rt.volumes.get(name);
        if (!cur) continue;
        cur.clear();
        for (const [k, v] of files) cur.set(k, v);
      }
    if (this.live(rt)) this.after(rt, VOLUME_REFRESH_MS, () => this.refreshVolumes(rt), 'refreshes its ConfigMap and Secret volumes');
  }

  /** claimVolume is the PersistentVolume a claim is bound to, if it is. */
  private async claimVolume(namespace: string, claim: string): Promise<string | undefined> {
    try {
      const pvc = (await this.ctx.client.get(pvcKind, namespace, claim)) as KubeObject & { spec?: { volumeName?: string }; status?: { phase?: string } };
      return pvc.status?.phase === 'Bound' ? pvc.spec?.volumeName : undefined;
    } catch (err) {
      if (isNotFound(err)) return undefined;
      throw err;
    }
  }

  private async sandboxReady(rt: PodRuntime): Promise<void> {
    rt.stage = 'SandboxReady';
    rt.ip ??= this.allocateIP();
    await this.writeStatus(rt);
    rt.stage = 'StartingContainers';
    this.startNext(rt, 0);
  }

  /** startNext starts the containers in order, as SyncPod does; one that cannot start does not hold up the rest. */
  private startNext(rt: PodRuntime, i: number): void {
    if (rt.stage !== 'StartingContainers') return;
    if (!rt.containers[i]) {
      rt.stage = 'Running';
      void this.ctx.activity.track(this.writeStatus(rt));
      return;
    }
    this.startContainer(rt, i, () => this.startNext(rt, i + 1));
  }

  private current(rt: PodRuntime): P | undefined {
    return this.informer.get(`${rt.namespace}/${rt.name}`);
  }

  private fieldPath(c: ContainerRuntime): string {
    return `spec.containers{${c.name}}`;
  }

  private live(rt: PodRuntime): boolean {
    return !this.stopped && this.pods.get(rt.uid) === rt && rt.stage !== 'Killing' && rt.stage !== 'Stopped';
  }

  /** cTimer runs fn after ms for one container; the handle is kept so the container can cancel it. */
  private cTimer(rt: PodRuntime, ms: number, fn: () => Promise<void> | void, what = 'syncs'): TimerHandle {
    const t = this.ctx.clock.setTimeout(() => {
      rt.timers.delete(t);
      if (this.stopped) return;
      void this.ctx.activity.track(Promise.resolve().then(fn)).catch((err) => this.ctx.log?.(`kubelet: ${rt.namespace}/${rt.name}: ${String(err)}`));
    }, ms, `${rt.namespace}/${rt.name}: ${what}`);
    rt.timers.add(t);
    return t;
  }

  private clear(rt: PodRuntime, t: TimerHandle | undefined): void {
    if (!t) return;
    this.ctx.clock.clearTimeout(t);
    rt.timers.delete(t);
  }

  private waiting(c: ContainerRuntime, reason: string, message?: string): void {
    c.state = 'waiting';
    c.waitingReason = reason;
    c.waitingMessage = message;
  }

  /** retry schedules another attempt to start a container that could not start (the pod worker's requeue). */
  private retry(rt: PodRuntime, c: ContainerRuntime, ms: number, then?: () => void): void {
    this.clear(rt, c.retryTimer);
    c.retryTimer = this.cTimer(rt, ms, () => {
      c.retryTimer = undefined;
      if (this.live(rt)) this.startContainer(rt, c.index);
    }, `tries to start container ${c.name} again`);
    void this.ctx.activity.track(this.writeStatus(rt));
    then?.();
  }

  /**
   * startContainer walks one container through image (pull, back-off), config (env from ConfigMaps and Secrets),
   * create and start, as kuberuntime's startContainer does; then calls then (the next container of the pod).
   */
  private startContainer(rt: PodRuntime, i: number, then?: () => void): void {
    const c = rt.containers[i];
    const pod = this.current(rt);
    if (!c || !pod || !this.live(rt)) return;
    const spec = pod.spec!.containers[i]!;
    const tag = normalisedTag(c.image);
    const present = this.imagesPresent.has(tag);
    const policy = spec.imagePullPolicy ?? 'IfNotPresent';
    const fp = this.fieldPath(c);
    if (policy === 'Never' && !present) {
      const msg = MESSAGES.neverPull(c.image);
      this.recorder.event(pod, 'Warning', 'ErrImageNeverPull', msg, fp);
      this.recorder.event(pod, 'Warning', 'Failed', MESSAGES.error('ErrImageNeverPull'), fp);
      this.waiting(c, 'ErrImageNeverPull', msg);
      return this.retry(rt, c, this.t.syncRetryMs, then);
    }
    if (policy === 'Always' || !present) {
      const now = this.ctx.clock.now();
      if (c.pullBackOff && now - c.pullBackOff.at < c.pullBackOff.ms) {
        const msg = MESSAGES.backOffPull(c.image);
        this.recorder.event(pod, 'Normal', 'BackOff', msg, fp);
        this.recorder.event(pod, 'Warning', 'Failed', MESSAGES.error('ImagePullBackOff'), fp);
        this.waiting(c, 'ImagePullBackOff', msg);
        return this.retry(rt, c, c.pullBackOff.at + c.pullBackOff.ms - now, then);
      }
      this.recorder.event(pod, 'Normal', 'Pulling', MESSAGES.pulling(c.image), fp);
      const err = this.failingPulls.has(repositoryOf(c.image)) ? MESSAGES.pullRateLimited() : pullError(c.image);
      const ms = err ? this.t.cachedPullMs : pullMs(c.info, present, this.t);
      c.retryTimer = this.cTimer(rt, ms, () => {
        c.retryTimer = undefined;
        const p = this.current(rt);
        if (!p || !this.live(rt)) return;
        if (err) {
          this.recorder.event(p, 'Warning', 'Failed', MESSAGES.failedPull(c.image, err), fp);
          this.recorder.event(p, 'Warning', 'Failed', MESSAGES.error('ErrImagePull'), fp);
          c.pullBackOff = backOffNext(c.pullBackOff, this.ctx.clock.now());
          this.waiting(c, 'ErrImagePull', err);
          return this.retry(rt, c, this.t.errorResyncMs, then);
        }
        c.pullBackOff = undefined;
        this.imagesPresent.add(tag);
        c.imageReady = true;
        this.recorder.event(p, 'Normal', 'Pulled', MESSAGES.pulled(c.image, ms, c.info.sizeBytes), fp);
        void this.ctx.activity.track(this.createContainer(rt, c, then));
      });
    } else {
      c.imageReady = true;
      this.recorder.event(pod, 'Normal', 'Pulled', MESSAGES.present(c.image), fp);
      void this.ctx.activity.track(this.createContainer(rt, c, then));
    }
  }

  private envSource(): EnvSource {
    const read = async (kind: typeof cmKind, ns: string, name: string, decode: boolean) => {
      try {
        const o = (await this.ctx.client.get(kind, ns, name)) as KubeObject & { data?: Record<string, string> };
        const data = { ...(o.data ?? {}) };
        if (decode) for (const k of Object.keys(data)) data[k] = Buffer.from(data[k]!, 'base64').toString('utf8');
        return data;
      } catch (err) {
        if (isNotFound(err)) return undefined;
        throw err;
      }
    };
    return {
      configMap: (ns, name) => read(cmKind, ns, name, false),
      secret: (ns, name) => read(secretKind, ns, name, true),
    };
  }

  /** createContainer generates the container's config (its environment), creates and starts it. */
  private async createContainer(rt: PodRuntime, c: ContainerRuntime, then?: () => void): Promise<void> {
    const pod = this.current(rt);
    if (!pod || !this.live(rt)) return;
    const spec = pod.spec!.containers[c.index]!;
    const resolved = await resolveEnv({ ...pod, status: { ...pod.status, podIP: rt.ip, hostIP: this.opts.nodeIP } }, spec, this.envSource());
    if ('error' in resolved) {
      this.recorder.event(pod, 'Warning', 'Failed', MESSAGES.error(resolved.error), this.fieldPath(c));
      this.waiting(c, 'CreateContainerConfigError', resolved.error);
      return this.retry(rt, c, this.t.syncRetryMs, then);
    }
    this.cTimer(rt, this.t.createMs, () => {
      const p = this.current(rt);
      if (!p || !this.live(rt)) return;
      c.containerID = `docker://${randomBytes(32).toString('hex')}`;
      this.recorder.event(p, 'Normal', 'Created', MESSAGES.created(), this.fieldPath(c));
      this.cTimer(rt, this.t.startMs, async () => {
        const p2 = this.current(rt);
        if (!p2 || !this.live(rt)) return;
        this.run(rt, c, p2, resolved.env);
        this.recorder.event(p2, 'Normal', 'Started', MESSAGES.started(), this.fieldPath(c));
        if (c.index + 1 >= rt.containers.length && rt.stage === 'StartingContainers') rt.stage = 'Running';
        await this.writeStatus(rt);
        then?.();
      });
    });
  }

  /** run starts the container's main process: the image's server, or its command through the simulated sh. */
  private run(rt: PodRuntime, c: ContainerRuntime, pod: P, resolved: Record<string, string>): void {
    const spec = pod.spec!.containers[c.index]!;
    c.state = 'running';
    c.waitingReason = c.waitingMessage = undefined;
    c.startedAt = this.now();
    c.log = new ContainerLog();
    c.partial = '';
    c.env = containerEnv(pod, spec, c.info, this.services.list(), resolved);
    c.shell = undefined;
    const env = c.env;
    c.makeShell = () => {
      const sh = shellContext(pod, spec, c.info, env, rt.ip, () => this.ctx.clock.now());
      sh.net = this.opts.network?.(rt.namespace, () => rt.ip, this.opts.nodeName);
      const files = new MountedFiles(sh.files as Map<string, string>, mountsOf(spec.volumeMounts, rt.volumes ?? new Map()));
      for (const d of files.mountPoints()) sh.dirs.add(d);
      return { ...sh, files };
    };
    c.started = !spec.startupProbe;
    c.ready = !spec.readinessProbe && c.started;
    this.startProbes(rt, c, spec);
    const argv = [...(spec.command ?? []), ...(spec.args ?? [])].map((a) => expandRefs(a, c.env!));
    const prog = (argv[0] ?? '').split('/').pop() ?? '';
    const server = c.info.behaviour === 'server' && (!spec.command?.length || (c.info.serverCommands ?? []).some((s) => s.split('/').pop() === prog));
    if (server) {
      const req = c.info.requireEnv;
      if (req && !req.anyOf.some((k) => c.env![k])) {
        this.writeLogs(c, rt, req.logs, c.log);
        c.procTimer = this.cTimer(rt, this.t.failFastMs, () => this.exited(rt, c, req.exitCode));
        return;
      }
      this.writeLogs(c, rt, c.info.startLogs, c.log);
      return;
    }
    // The catalogue's command is the image's CMD (none of these images has an ENTRYPOINT): args replace it, as
    // Docker does (`kubectl run t --image=busybox -- sleep 3600` runs `sleep 3600`, not `sh sleep 3600`).
    const cmd = argv.length ? argv : (c.info.command ?? ['sh']);
    const first = cmd[0] ?? '';
    const name = first.split('/').pop() ?? '';
    if (!this.shellOf(c).programs.has(name) && name !== 'exit') {
      c.terminatedMessage = `failed to create task for container: failed to create shim task: OCI runtime create failed: runc create failed: unable to start container process: error during container init: exec: "${first}": executable file not found in $PATH: unknown`;
      this.recorder.event(pod, 'Warning', 'Failed', MESSAGES.error(`failed to start container "${c.name}": Error response from daemon: ${c.terminatedMessage}`), this.fieldPath(c));
      c.procTimer = this.cTimer(rt, 0, () => this.exited(rt, c, 127, 'ContainerCannotRun'));
      return;
    }
    c.proc = startProcess(cmd, this.shellOf(c), { write: (text) => this.print(c, text) });
    this.step(rt, c);
  }

  /** shellOf is the container's shell context, made the first time something needs it. */
  private shellOf(c: ContainerRuntime): ShellContext {
    return (c.shell ??= c.makeShell!());
  }

  /** print appends a process's output to the container log, line by line, at the cluster time it was printed. */
  private print(c: ContainerRuntime, text: string): void {
    const t = this.ctx.clock.now();
    const all = (c.partial ?? '') + text;
    const lines = all.split('\n');
    c.partial = lines.pop() ?? '';
    for (const l of lines) c.log?.append(l, t);
  }

  /** step runs a command container's process until it sleeps (one timer), blocks for ever (none) or exits. */
  private step(rt: PodRuntime, c: ContainerRuntime): void {
    c.procTimer = undefined;
    const proc = c.proc;
    if (!proc || c.state !== 'running') return;
    for (;;) {
      let r: IteratorResult<number, number>;
      try {
        r = proc.next();
      } catch {
        r = { done: true, value: 2 };
      }
      if (r.done) {
        void this.ctx.activity.track(this.exited(rt, c, r.value));
        return;
      }
      if (r.value === Infinity) return;
      if (r.value > 0) {
        c.procTimer = this.cTimer(rt, r.value, () => this.step(rt, c), `container ${c.name} runs on`);
        return;
      }
    }
  }

  private stopContainerTimers(rt: PodRuntime, c: ContainerRuntime): void {
    for (const t of [c.procTimer, c.probeTimer, c.stopping, c.retryTimer]) this.clear(rt, t);
    c.procTimer = c.probeTimer = c.stopping = c.retryTimer = undefined;
    c.proc = undefined;
  }

  /** exited records a container's end (Completed, Error) and applies the pod's restartPolicy. */
  private async exited(rt: PodRuntime, c: ContainerRuntime, code: number, reason?: string): Promise<void> {
    if (c.state !== 'running' || !this.live(rt)) return;
    this.stopContainerTimers(rt, c);
    if (c.partial) c.log?.append(c.partial, this.ctx.clock.now());
    c.partial = '';
    c.log?.close();
    c.state = 'terminated';
    c.exitCode = code;
    c.terminatedReason = reason ?? (code === 0 ? 'Completed' : 'Error');
    c.finishedAt = this.now();
    c.ready = false;
    const pod = this.current(rt);
    const policy = pod?.spec?.restartPolicy ?? 'Always';
    const restart = policy === 'Always' || (policy === 'OnFailure' && code !== 0);
    await this.writeStatus(rt);
    if (restart) c.retryTimer = this.cTimer(rt, this.t.plegMs, () => this.restart(rt, c), `the kubelet sees container ${c.name} exited`);
  }

  /** restart is the sync after a container exited: start it again at once, or wait out the crash back-off. */
  private restart(rt: PodRuntime, c: ContainerRuntime): void {
    c.retryTimer = undefined;
    const pod = this.current(rt);
    if (!pod || !this.live(rt) || c.state !== 'terminated') return;
    const finished = Date.parse(c.finishedAt!);
    const now = this.ctx.clock.now();
    if (c.crashBackOff && now - finished < c.crashBackOff.ms) {
      const fmt = formatPod(rt.name, rt.namespace, rt.uid);
      this.recorder.event(pod, 'Warning', 'BackOff', MESSAGES.backOffRestart(c.name, fmt), this.fieldPath(c));
      this.moveToLast(c);
      this.waiting(c, 'CrashLoopBackOff', MESSAGES.crashLoop(c.crashBackOff.ms, c.name, fmt));
      c.retryTimer = this.cTimer(rt, finished + c.crashBackOff.ms - now, () => {
        c.retryTimer = undefined;
        c.crashBackOff = backOffNext(c.crashBackOff, finished);
        c.restartCount++;
        this.startContainer(rt, c.index);
      }, `restarts container ${c.name} (back-off ${Math.round(c.crashBackOff.ms / 1000)}s)`);
      void this.ctx.activity.track(this.writeStatus(rt));
      return;
    }
    c.crashBackOff = backOffNext(c.crashBackOff, finished);
    this.moveToLast(c);
    c.restartCount++;
    this.startContainer(rt, c.index);
  }

  /** moveToLast keeps the run that ended as lastState and its output for `kubectl logs --previous`. */
  private moveToLast(c: ContainerRuntime): void {
    if (c.state !== 'terminated') return;
    c.lastTerminated = {
      exitCode: c.exitCode ?? 0,
      reason: c.terminatedReason ?? 'Completed',
      message: c.terminatedMessage,
      startedAt: c.startedAt,
      finishedAt: c.finishedAt!,
      containerID: c.containerID,
    };
    c.terminatedMessage = undefined;
    c.previousLog = c.log;
    c.log = undefined;
  }

  // ---- probes -------------------------------------------------------------------------------------------

  private startProbes(rt: PodRuntime, c: ContainerRuntime, spec: Container): void {
    const start = this.ctx.clock.now();
    const mk = (kind: ProbeState['kind'], p: Probe | undefined): ProbeState[] =>
      p ? [{ kind, spec: p, next: start + Math.max((p.initialDelaySeconds ?? 0) * 1000, this.t.firstProbeMs), successes: 0, failures: 0 }] : [];
    c.probes = [...mk('Startup', spec.startupProbe), ...mk('Liveness', spec.livenessProbe), ...mk('Readiness', spec.readinessProbe)];
    this.scheduleProbes(rt, c);
  }

  /** scheduleProbes keeps one timer per probing container, at its earliest due probe. */
  private scheduleProbes(rt: PodRuntime, c: ContainerRuntime): void {
    this.clear(rt, c.probeTimer);
    c.probeTimer = undefined;
    const active = c.probes.filter((p) => c.started === (p.kind !== 'Startup'));
    if (!active.length || c.state !== 'running') return;
    const due = Math.min(...active.map((p) => p.next));
    c.probeTimer = this.cTimer(rt, Math.max(0, due - this.ctx.clock.now()), () => this.runProbes(rt, c), `probes container ${c.name}`);
  }

  private probeOutcome(rt: PodRuntime, c: ContainerRuntime, spec: Container, probe: Probe): { ok: boolean; output: string } {
    if (probe.exec) {
      const shell = this.shellOf(c);
      const r = runCommand(probe.exec.command ?? [], { ...shell, env: { ...shell.env }, programs: shell.programs });
      return { ok: r.code === 0, output: r.stdout + r.stderr };
    }
    const net = probe.httpGet ?? probe.tcpSocket ?? probe.grpc;
    const raw = (net as { port?: number | string } | undefined)?.port ?? 0;
    const port = typeof raw === 'number' ? raw : Number(spec.ports?.find((p) => p.name === raw)?.containerPort ?? raw);
    const host = (probe.httpGet?.host ?? probe.tcpSocket?.host) || rt.ip || '';
    const hostPort = `${host}:${port}`;
    const ports = c.info.ports.length || c.info.known ? c.info.ports : (spec.ports ?? []).map((p) => p.containerPort);
    const listening = c.state === 'running' && !c.proc && !c.procTimer && ports.includes(port);
    const url = probe.httpGet ? `${(probe.httpGet.scheme ?? 'HTTP').toLowerCase()}://${hostPort}${probe.httpGet.path ?? '/'}` : '';
    return listening ? { ok: true, output: '' } : { ok: false, output: MESSAGES.refused(url, hostPort) };
  }

  private async runProbes(rt: PodRuntime, c: ContainerRuntime): Promise<void> {
    c.probeTimer = undefined;
    const pod = this.current(rt);
    if (!pod || !this.live(rt) || c.state !== 'running' || c.stopping) return;
    const spec = pod.spec!.containers[c.index]!;
    const now = this.ctx.clock.now();
    let changed = false;
    for (const p of c.probes) {
      if (p.next > now || c.started !== (p.kind !== 'Startup')) continue;
      p.next = now + (p.spec.periodSeconds ?? 10) * 1000;
      const { ok, output } = this.probeOutcome(rt, c, spec, p.spec);
      if (ok) {
        p.failures = 0;
        p.successes++;
        if (p.kind === 'Startup') {
          c.started = true;
          changed = true;
          if (!spec.readinessProbe) c.ready = true;
          for (const o of c.probes) if (o.kind !== 'Startup') o.next = now + this.t.firstProbeMs;
        } else if (p.kind === 'Readiness' && !c.ready && p.successes >= (p.spec.successThreshold ?? 1)) {
          c.ready = true;
          changed = true;
        }
        continue;
      }
      p.successes = 0;
      p.failures++;
      this.recorder.event(pod, 'Warning', 'Unhealthy', MESSAGES.probeFailed(p.kind, output), this.fieldPath(c));
      if (p.failures < (p.spec.failureThreshold ?? 3)) continue;
      if (p.kind === 'Readiness') {
        if (c.ready) changed = true;
        c.ready = false;
        continue;
      }
      this.recorder.event(pod, 'Normal', 'Killing', MESSAGES.probeKill(c.name, p.kind.toLowerCase()), this.fieldPath(c));
      this.stopForRestart(rt, c, pod, spec);
      return;
    }
    if (changed) await this.writeStatus(rt);
    this.scheduleProbes(rt, c);
  }

  /** stopForRestart stops a container that failed its liveness or startup probe; it then restarts per policy. */
  private stopForRestart(rt: PodRuntime, c: ContainerRuntime, pod: P, spec: Container): void {
    this.clear(rt, c.probeTimer);
    c.probeTimer = undefined;
    const graceMs = ((spec.livenessProbe?.terminationGracePeriodSeconds ?? pod.spec?.terminationGracePeriodSeconds) ?? 30) * 1000;
    const { ms, code } = this.stopTime(c, spec, graceMs);
    c.stopping = this.cTimer(rt, ms, () => {
      c.stopping = undefined;
      if (code !== 137 && c.log) this.writeLogs(c, rt, c.info.stopLogs, c.log);
      return this.exited(rt, c, code);
    }, `kills container ${c.name}`);
  }

  /**
   * stopTime is how a running container ends when stopped: preStop (a delay), then SIGTERM; a server exits after
   * its stopMs (exit 0), a command process as PID 1 ignores SIGTERM and is killed at the end of the grace (137).
   */
  private stopTime(c: ContainerRuntime, spec: Container | undefined, graceMs: number): { ms: number; code: number } {
    const pre = spec?.lifecycle?.preStop;
    let preMs = 0;
    if (pre?.sleep) preMs = (pre.sleep.seconds ?? 0) * 1000;
    else if (pre?.exec) {
      const m = /\bsleep\s+(\d+(?:\.\d+)?)/.exec((pre.exec.command ?? []).join(' '));
      preMs = m ? Number(m[1]) * 1000 : 0;
    } else if (pre?.httpGet) preMs = 10;
    const ignores = !!c.proc || !!c.procTimer || c.info.sigterm === 'ignore';
    const termMs = ignores ? Infinity : c.info.stopMs;
    const total = preMs + termMs;
    return total > graceMs ? { ms: graceMs, code: 137 } : { ms: total, code: 0 };
  }

  /** kill stops a deleted pod: preStop and SIGTERM to each running container, then the final status, then removal. */
  private kill(rt: PodRuntime, pod: P): void {
    this.cancelTimers(rt);
    rt.stage = 'Killing';
    const graceMs = (pod.metadata.deletionGracePeriodSeconds ?? 30) * 1000;
    let slowest = 0;
    const ends = new Map<ContainerRuntime, { ms: number; code: number }>();
    for (const c of rt.containers) {
      c.procTimer = c.probeTimer = c.retryTimer = c.stopping = undefined;
      if (c.state !== 'running') continue;
      this.recorder.event(pod, 'Normal', 'Killing', MESSAGES.killing(c.name), this.fieldPath(c));
      const end = this.stopTime(c, pod.spec?.containers[c.index], graceMs);
      ends.set(c, end);
      slowest = Math.max(slowest, end.ms);
    }
    this.after(rt, slowest, async () => {
      const at = this.now();
      for (const c of rt.containers) {
        c.proc = undefined;
        const end = ends.get(c);
        if (c.state === 'running' && end) {
          if (c.log) {
            if (end.code !== 137) this.writeLogs(c, rt, c.info.stopLogs, c.log);
            if (c.partial) c.log.append(c.partial, this.ctx.clock.now());
            c.log.close();
          }
          c.state = 'terminated';
          c.exitCode = end.code;
          c.terminatedReason = end.code === 0 ? 'Completed' : 'Error';
          c.finishedAt = at;
        } else if (c.state === 'waiting') {
          c.state = 'terminated';
          c.exitCode = 0;
          c.terminatedReason = 'ContainerStatusUnknown';
          c.finishedAt = at;
        }
        c.ready = false;
      }
      rt.stage = 'Stopped';
      await this.writeStatus(rt);
      this.after(rt, this.t.cleanupMs, async () => {
        const p = this.current(rt);
        if (p) await this.removePod(p);
      }, 'the kubelet removes the stopped pod');
    }, 'its containers stop (SIGTERM, then SIGKILL at the end of the grace period)');
  }

  private writeLogs(c: ContainerRuntime, rt: PodRuntime, templates: string[], log: ContainerLog): void {
    const t = this.ctx.clock.now();
    log.appendTemplates(templates, t, { version: c.info.version, pod: rt.name });
  }

  /**
   * failPulls makes every pull of an image's repository fail (fault injection), as a registry that rate-limits
   * does, until it is turned off again; images already on the node are not affected.
   */
  failPulls(image: string, fail: boolean): void {
    if (fail) this.failingPulls.add(repositoryOf(image));
    else this.failingPulls.delete(repositoryOf(image));
  }

  /**
   * crashContainer makes a running container's process exit now (fault injection): with exitCode 137 and
   * reason OOMKilled it reads as the kernel's OOM killer. The pod's restartPolicy then applies as usual.
   */
  crashContainer(namespace: string, name: string, container: string | undefined, exitCode = 1, reason?: 'Error' | 'OOMKilled'): string | undefined {
    const rt = [...this.pods.values()].find((r) => r.namespace === namespace && r.name === name);
    if (!rt) return `pod ${namespace}/${name} does not run on node ${this.opts.nodeName}`;
    const c = container ? rt.containers.find((x) => x.name === container) : rt.containers.find((x) => x.state === 'running');
    if (!c) return container ? `container ${container} is not valid for pod ${name}` : `pod ${namespace}/${name} has no running container`;
    if (c.state !== 'running') return `container ${c.name} of pod ${namespace}/${name} is not running`;
    void this.ctx.activity.track(this.exited(rt, c, exitCode, reason));
    return undefined;
  }

  /**
   * nodeImages is the Node's status.images as the kubelet reports it: each image with its digest and tag names and
   * its size, largest first, at most 50 (the kubelet's --node-status-max-images).
   */
  private nodeImages(): ContainerImage[] {
    return [...this.imagesPresent]
      .map((tag) => {
        const info = lookupImage(tag);
        return { names: tag.includes('@') ? [tag] : [`${tag.replace(/:[^:/]*$/, '')}@${info.digest}`, tag], sizeBytes: info.sizeBytes };
      })
      .sort((a, b) => b.sizeBytes - a.sizeBytes || a.names.at(-1)!.localeCompare(b.names.at(-1)!))
      .slice(0, 50);
  }

  /** images lists the images on this node (pulled, preloaded or loaded), as `minikube image ls` shows them. */
  images(): string[] {
    return [...this.imagesPresent].sort();
  }

  /** loadImage puts an image on this node, as `minikube image load` does: pods with IfNotPresent or Never use it. */
  loadImage(image: string): void {
    this.imagesPresent.add(normalisedTag(image));
  }

  /**
   * containerLog finds what `kubectl logs` reads for a container of a pod on this node: its current (or, with
   * previous, its last terminated) run, or why there is none, worded as the kubelet words it.
   */
  containerLog(pod: Pod, container: string, previous: boolean): { log: ContainerLog } | { error: string } {
    const rt = this.pods.get(pod.metadata?.uid ?? '');
    const c = rt?.containers.find((x) => x.name === container);
    const name = pod.metadata?.name;
    if (previous) {
      if (!c?.previousLog) return { error: `previous terminated container "${container}" in pod "${name}" not found` };
      return { log: c.previousLog };
    }
    if (!rt || !c || !c.log) {
      if (c?.log === undefined && c?.previousLog) return { log: c.previousLog };
      const reason = c?.waitingReason ?? 'ContainerCreating';
      if (reason === 'ErrImagePull' || reason === 'ImagePullBackOff')
        return { error: `container "${container}" in pod "${name}" is waiting to start: trying and failing to pull image` };
      return { error: `container "${container}" in pod "${name}" is waiting to start: ${reason}` };
    }
    return { log: c.log };
  }

  /**
   * exec starts a `kubectl exec` session in a running container: the simulated shell, over the container's
   * environment and files. Refusals are worded as the kubelet words them.
   */
  exec(pod: Pod, container: string, argv: string[], opts: ExecOptions, io: ExecIO): ExecSession | { error: string } {
    const rt = this.pods.get(pod.metadata?.uid ?? '');
    const c = rt?.containers.find((x) => x.name === container);
    const spec = pod.spec?.containers.find((x) => x.name === container);
    if (!rt || !c || !spec || c.state !== 'running') return { error: `container not found ("${container}")` };
    const base = this.shellOf(c);
    // The session shares the container's files; its environment and working directory are its own.
    const ctx: ShellContext = { ...base, env: { ...(c.env ?? base.env) }, cwd: spec.workingDir ?? '/' };
    return new ExecSession(ctx, argv, opts, io);
  }

  /**
   * connect is a connection to a pod's address on this node: a running container whose server listens on the port
   * takes it (http answers a request as the image's server does and logs it to the container's output), or the
   * connection is refused, as a closed port refuses it. Nothing here opens a socket: the caller carries the bytes.
   */
  connect(namespace: string, name: string, port: number): PodConnection {
    const pod = this.informer.get(`${namespace}/${name}`);
    const rt = pod && this.pods.get(pod.metadata.uid!);
    if (!pod || !rt?.ip || rt.stage === 'Stopped') return { refused: `no running pod ${namespace}/${name} on node ${this.opts.nodeName}` };
    for (const c of rt.containers) {
      if (c.state !== 'running') continue;
      const spec = pod.spec!.containers[c.index]!;
      if (!listensOn(c.info.http, c.info.ports, [...(spec.command ?? []), ...(spec.args ?? [])], port)) continue;
      const kind = c.info.http;
      if (!kind) return { refused: `${c.name} (${c.image}) listens on ${port} but does not speak HTTP` };
      const args = [...(spec.command ?? []), ...(spec.args ?? [])];
      return {
        http: (req) => {
          const time = this.ctx.clock.now();
          const sctx = { pod: rt.name, namespace, podIP: rt.ip!, node: this.opts.nodeName, port, args, version: c.info.version, time };
          const out = kind === 'ingress-nginx' ? (this.opts.ingress?.(sctx, req) ?? { response: { status: 503, headers: {}, body: Buffer.alloc(0) } }) : serveHttp(kind, sctx, req);
          if (out.log) c.log?.append(out.log, time);
          rt.served = (rt.served ?? 0) + 1;
          return out.response;
        },
      };
    }
    return { refused: `nothing listens on ${rt.ip}:${port} in pod ${namespace}/${name}` };
  }

  /** requestCounts lists the requests each running pod here answered, by `namespace/name`. */
  requestCounts(): Record<string, number> {
    const out: Record<string, number> = {};
    for (const rt of this.pods.values()) if (rt.served) out[`${rt.namespace}/${rt.name}`] = rt.served;
    return out;
  }

  /** redis answers one command sent to a redis server of a pod on this node (as connect, for that protocol). */
  redis(namespace: string, name: string, port: number, argv: string[]): { reply: string } | { refused: string } {
    const pod = this.informer.get(`${namespace}/${name}`);
    const rt = pod && this.pods.get(pod.metadata.uid!);
    const c = rt?.containers.find((x) => x.state === 'running' && x.info.protocol === 'redis' && x.info.ports.includes(port));
    if (!c) return { refused: `no redis server on port ${port} in pod ${namespace}/${name}` };
    return { reply: redisCommand((c.redisData ??= new Map()), argv) };
  }

  private async removePod(pod: P): Promise<void> {
    if (!this.healthy) return;
    try {
      await this.ctx.client.delete(podKind, pod.metadata.namespace, pod.metadata.name!, {
        gracePeriodSeconds: 0,
        preconditions: { uid: pod.metadata.uid },
      });
    } catch (err) {
      if (!isNotFound(err) && !isConflict(err)) throw err;
    }
  }

  // ---- status -------------------------------------------------------------------------------------------

  private condition(rt: PodRuntime, type: string, status: 'True' | 'False', extra: Partial<PodCondition> = {}): PodCondition {
    const prev = rt.transitions.get(type);
    let time = prev?.time ?? this.now();
    if (!prev || prev.status !== status) {
      time = this.now();
      rt.transitions.set(type, { status, time });
    }
    return { type, status, lastProbeTime: null as never, lastTransitionTime: time, ...extra } as PodCondition;
  }

  /** phase is the kubelet's getPhase: from the containers' states and the pod's restartPolicy. */
  private phase(rt: PodRuntime, pod: P): PodStatus['phase'] {
    if (rt.stage === 'Waiting' || rt.stage === 'SandboxReady') return 'Pending';
    if (rt.stage === 'Stopped') return rt.containers.every((c) => c.exitCode === 0) ? 'Succeeded' : 'Failed';
    let running = 0, waiting = 0, stopped = 0, succeeded = 0;
    for (const c of rt.containers) {
      if (c.state === 'running') running++;
      else if (c.state === 'terminated') {
        stopped++;
        if (c.exitCode === 0) succeeded++;
      } else if (c.lastTerminated) {
        stopped++;
      } else waiting++;
    }
    if (waiting > 0) return 'Pending';
    if (running > 0) return 'Running';
    const policy = pod.spec?.restartPolicy ?? 'Always';
    if (policy === 'Always') return 'Running';
    if (stopped === succeeded) return 'Succeeded';
    return policy === 'Never' ? 'Failed' : 'Running';
  }

  private buildStatus(rt: PodRuntime, pod: P): PodStatus {
    const phase = this.phase(rt, pod);
    const terminal = phase === 'Succeeded' || phase === 'Failed';
    const sandbox = rt.stage !== 'Waiting' && !terminal;
    const notReady = rt.containers.filter((c) => !(c.state === 'running' && c.ready)).map((c) => c.name);
    const ready = (rt.stage === 'Running' || rt.stage === 'StartingContainers') && notReady.length === 0;
    const notReadyMsg = `containers with unready status: [${notReady.join(' ')}]`;
    const gen = pod.metadata.generation ?? 1;
    const scheduled = pod.status?.conditions?.find((c) => c.type === 'PodScheduled');
    const done = rt.stage === 'Stopped' || terminal;
    const conditions: PodCondition[] = [
      this.condition(rt, 'PodReadyToStartContainers', sandbox && rt.stage !== 'Stopped' ? 'True' : 'False', { observedGeneration: gen } as never),
      this.condition(rt, 'Initialized', 'True', { observedGeneration: gen } as never),
      ready
        ? this.condition(rt, 'Ready', 'True', { observedGeneration: gen } as never)
        : this.condition(rt, 'Ready', 'False', { reason: done ? 'PodCompleted' : 'ContainersNotReady', message: done ? '' : notReadyMsg, observedGeneration: gen } as never),
      ready
        ? this.condition(rt, 'ContainersReady', 'True', { observedGeneration: gen } as never)
        : this.condition(rt, 'ContainersReady', 'False', { reason: done ? 'PodCompleted' : 'ContainersNotReady', message: done ? '' : notReadyMsg, observedGeneration: gen } as never),
      { ...(scheduled ?? { type: 'PodScheduled', status: 'True', lastProbeTime: null as never, lastTransitionTime: rt.startTime }), observedGeneration: gen } as PodCondition,
    ];
    for (const c of conditions) if (!c.message) delete (c as { message?: string }).message;
    const term = (t: Terminated) => {
      const o: Record<string, unknown> = { exitCode: t.exitCode, reason: t.reason };
      if (t.message) o.message = t.message;
      o.startedAt = t.startedAt;
      o.finishedAt = t.finishedAt;
      if (t.containerID) o.containerID = t.containerID;
      return o as never;
    };
    const containerStatuses: ContainerStatus[] = rt.containers.map((c) => {
      const waiting: Record<string, string> = { reason: c.waitingReason ?? 'ContainerCreating' };
      if (c.waitingMessage) waiting.message = c.waitingMessage;
      const s: ContainerStatus = {
        name: c.name,
        image: normalisedTag(c.image),
        imageID: c.imageReady ? `docker-pullable://${c.info.repository}@${c.info.digest}` : '',
        ready: c.state === 'running' && c.ready && rt.stage !== 'Stopped',
        started: c.state === 'running' && c.started,
        restartCount: c.restartCount,
        lastState: c.lastTerminated ? { terminated: term(c.lastTerminated) } : {},
        state:
          c.state === 'running'
            ? { running: { startedAt: c.startedAt! } }
            : c.state === 'terminated'
              ? { terminated: term({ exitCode: c.exitCode ?? 0, reason: c.terminatedReason ?? 'Completed', message: c.terminatedMessage, startedAt: c.startedAt, finishedAt: c.finishedAt!, containerID: c.containerID }) }
              : { waiting: waiting as never },
      };
      if (c.containerID) (s as { containerID?: string }).containerID = c.containerID;
      return s;
    });
    const status: PodStatus = {
      observedGeneration: gen,
      phase,
      conditions,
      hostIP: this.opts.nodeIP,
      hostIPs: [{ ip: this.opts.nodeIP }],
      startTime: rt.startTime,
      qosClass: pod.status?.qosClass ?? 'BestEffort',
      containerStatuses,
    } as PodStatus;
    // A pod that ran keeps its last address in status once it is terminal and its sandbox is gone (the kubelet
    // carries the IPs over when it stops the pod, as since Kubernetes 1.29), so `get pods -o wide` still shows it.
    if (rt.ip && (sandbox || (terminal && rt.stage !== 'Waiting'))) {
      (status as { podIP?: string }).podIP = rt.ip;
      (status as { podIPs?: { ip: string }[] }).podIPs = [{ ip: rt.ip }];
    }
    return status;
  }

  /**
   * writeStatus sends the pod's status to the API server. The writes asked for in one turn of the event loop go
   * out as one, with the latest status, as the kubelet's status manager sends only the newest status of a pod it
   * has not synced yet (with the zero-delay lifecycle a pod's stages collapse into one turn).
   */
  private writeStatus(rt: PodRuntime): Promise<void> {
    if (rt.statusWrite) return rt.statusWrite;
    const write = new Promise<void>((resolve, reject) =>
      setImmediate(() => {
        rt.statusWrite = undefined;
        this.sendStatus(rt).then(resolve, reject);
      }),
    );
    rt.statusWrite = write;
    return this.ctx.activity.track(write);
  }

  private async sendStatus(rt: PodRuntime): Promise<void> {
    if (!this.healthy) return;
    const pod = this.current(rt);
    if (!pod || pod.metadata.uid !== rt.uid) return;
    const status = this.buildStatus(rt, pod);
    try {
      await this.ctx.client.update(
        podKind,
        rt.namespace,
        { ...pod, metadata: { ...pod.metadata, resourceVersion: undefined }, status } as KubeObject,
        { subresource: 'status' },
      );
    } catch (err) {
      if (!isNotFound(err)) throw err;
    }
  }

  // ---- addresses and mirror pods -------------------------------------------------------------------------

  /**
   * allocateIP hands out the next free address of the pod CIDR after the last one given, wrapping round, as the
   * host-local IPAM plugin does (so a replacement pod gets a new address, not the one just freed).
   */
  private allocateIP(): string {
    const [addr, bits] = this.opts.podCIDR.split('/');
    const base = ipToInt(addr!);
    const size = 2 ** (32 - Number(bits ?? 24));
    // .0 is the network, .1 the bridge's gateway, the last address the broadcast.
    for (let n = 0; n < size - 3; n++) {
      const off = ((this.lastIP - 1 + n) % (size - 3)) + 2;
      if (!this.usedIPs.has(off)) {
        this.usedIPs.add(off);
        this.lastIP = off;
        return intToIp(base + off);
      }
    }
    // The CIDR is full; the scheduler's pod limit keeps real nodes from getting here. Share the last address.
    return intToIp(base + size - 2);
  }

  private releaseIP(rt: PodRuntime): void {
    if (!rt.ip || rt.ip === this.opts.nodeIP) return;
    this.usedIPs.delete(ipToInt(rt.ip) - ipToInt(this.opts.podCIDR.split('/')[0]!));
  }

  private async ensureMirrorPod(sp: KubeObject): Promise<void> {
    if (this.stopped || !this.healthy) return;
    const name = `${sp.metadata.name}-${this.opts.nodeName}`;
    const ns = sp.metadata.namespace ?? 'kube-system';
    const existing = this.informer.get(`${ns}/${name}`);
    if (existing) {
      const images = (p: KubeObject) => ((p.spec as Pod['spec'])?.containers ?? []).map((c) => c.image).join(' ');
      if (images(existing) === images(sp)) return;
      // The manifest changed (the cluster was upgraded): an outdated mirror pod goes, and forget() makes the new one.
      await this.ctx.client.delete(podKind, ns, name).catch(() => undefined);
      return;
    }
    const hash = randomBytes(16).toString('hex');
    const pod = cloneJSON(sp) as KubeObject;
    pod.metadata = {
      ...pod.metadata,
      name,
      namespace: ns,
      annotations: {
        ...(pod.metadata.annotations ?? {}),
        'kubernetes.io/config.hash': hash,
        'kubernetes.io/config.mirror': hash,
        'kubernetes.io/config.seen': new Date(this.ctx.clock.now()).toISOString(),
        'kubernetes.io/config.source': 'file',
      },
      ownerReferences: [{ apiVersion: 'v1', kind: 'Node', name: this.opts.nodeName, uid: this.nodeUid, controller: true }],
    };
    (pod.spec as { nodeName?: string }).nodeName = this.opts.nodeName;
    try {
      await this.ctx.client.create(podKind, ns, pod);
    } catch (err) {
      if (!isAlreadyExists(err)) throw err;
    }
  }
}

function randomUUIDish(): string {
  const h = randomBytes(16).toString('hex');
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20)}`;
}
