import os from 'node:os';
import { randomBytes } from 'node:crypto';
import type { ContainerStatus, Node, Pod, PodCondition, PodStatus } from 'kubernetes-types/core/v1.js';
import type { KubeObject } from '../api/types.js';
import { mustKind } from '../api/kinds.js';
import { isNotFound, isConflict, isAlreadyExists } from '../api/api-error.js';
import { formatTime } from '../apiserver/registry.js';
import { Informer } from '../client/informer.js';
import { EventRecorder } from '../client/event-recorder.js';
import type { TimerHandle } from '../cluster/clock.js';
import { KUBERNETES_VERSION, CONTAINER_RUNTIME_VERSION } from '../cluster/version.js';
import type { ControllerContext } from '../controllers/controller.js';
import { lookupImage, normalisedTag, type ImageInfo } from './images.js';
import { TIMINGS, MESSAGES, pullMs, type PodStage } from './lifecycle.js';
import { ContainerLog, renderLogLine } from './logs.js';
import { containerEnv, shellContext } from './container-env.js';
import { ExecSession, type ExecIO, type ExecOptions } from './exec.js';
import type { Service } from 'kubernetes-types/core/v1.js';

type P = Pod & KubeObject;

const podKind = mustKind('v1', 'Pod');
const nodeKind = mustKind('v1', 'Node');
const svcKind = mustKind('v1', 'Service');

/** KubeletOptions describe the node a kubelet runs. */
export interface KubeletOptions {
  nodeName: string;
  /** The node's simulated address (192.168.49.x): a label, never a destination. */
  nodeIP: string;
  /** The node's pod CIDR, a /24 (10.244.N.0/24). */
  podCIDR: string;
  cpus: number;
  memoryMiB: number;
  controlPlane: boolean;
  /** Static pod manifests: the kubelet runs them and publishes mirror pods for them. */
  staticPods: KubeObject[];
  /** Images already on the node when it boots. */
  preloadedImages?: string[];
  labels?: Record<string, string>;
}

interface ContainerRuntime {
  name: string;
  image: string;
  info: ImageInfo;
  state: 'waiting' | 'running' | 'terminated';
  waitingReason?: string;
  startedAt?: string;
  finishedAt?: string;
  exitCode?: number;
  terminatedReason?: string;
  containerID?: string;
  imageReady: boolean;
  /** The output of the current run, and of the previous one (`kubectl logs --previous`). */
  log?: ContainerLog;
  previousLog?: ContainerLog;
  /** The environment fixed when the container started (Service variables are a snapshot, as in Kubernetes). */
  env?: Record<string, string>;
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
  private readonly imagesPresent = new Set<string>();
  private readonly usedIPs = new Set<number>();
  private readonly mirrorTimers = new Set<TimerHandle>();
  private stopped = false;
  private nodeUid = '';

  constructor(
    private readonly ctx: ControllerContext,
    readonly opts: KubeletOptions,
  ) {
    this.informer = new Informer<P>(ctx.client, podKind, { fieldSelector: `spec.nodeName=${opts.nodeName}` });
    this.recorder = new EventRecorder(ctx.client, ctx.clock, ctx.activity, { component: 'kubelet', host: opts.nodeName });
    this.services = ctx.informers.for<Service & KubeObject>(svcKind);
    for (const image of opts.preloadedImages ?? []) this.imagesPresent.add(normalisedTag(image));
    for (const sp of opts.staticPods) for (const c of (sp.spec as Pod['spec'])?.containers ?? []) this.imagesPresent.add(normalisedTag(c.image ?? ''));
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
  }

  stop(): void {
    this.stopped = true;
    this.informer.stop();
    for (const rt of this.pods.values()) this.cancelTimers(rt);
    for (const t of this.mirrorTimers) this.ctx.clock.clearTimeout(t);
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
      pods: '110',
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
          kubeletVersion: KUBERNETES_VERSION,
          machineID: randomBytes(16).toString('hex'),
          operatingSystem: 'linux',
          osImage: 'Debian GNU/Linux 12 (bookworm)',
          systemUUID: randomUUIDish(),
        },
        images: [],
      },
    };
    let created: KubeObject;
    try {
      created = await this.ctx.client.create(nodeKind, undefined, node);
    } catch (err) {
      if (!isAlreadyExists(err)) throw err;
      const cur = await this.ctx.client.get(nodeKind, undefined, nodeName);
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
    if (this.stopped) return;
    const uid = pod.metadata.uid!;
    const rt = this.pods.get(uid);
    if (pod.metadata.deletionTimestamp) {
      if (rt) {
        if (rt.stage !== 'Killing' && rt.stage !== 'Stopped') this.kill(rt, pod);
      } else void this.removePod(pod);
      return;
    }
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
        }, TIMINGS.mirrorRecreateMs);
        this.mirrorTimers.add(t);
      }
    }
  }

  private after(rt: PodRuntime, ms: number, fn: () => Promise<void> | void): void {
    const t = this.ctx.clock.setTimeout(() => {
      rt.timers.delete(t);
      if (this.stopped) return;
      void this.ctx.activity.track(Promise.resolve().then(fn)).catch((err) => this.ctx.log?.(`kubelet: ${rt.namespace}/${rt.name}: ${String(err)}`));
    }, ms);
    rt.timers.add(t);
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
      containers: spec.containers.map((c) => ({
        name: c.name,
        image: c.image ?? '',
        info: lookupImage(c.image ?? ''),
        state: 'waiting',
        waitingReason: 'ContainerCreating',
        imageReady: false,
      })),
      transitions: new Map(),
      mirror: !!pod.metadata.annotations?.['kubernetes.io/config.mirror'],
    };
    if (spec.hostNetwork) rt.ip = this.opts.nodeIP;
    this.pods.set(rt.uid, rt);
    void this.ctx.activity.track(this.writeStatus(rt));
    this.after(rt, TIMINGS.sandboxMs, () => this.sandboxReady(rt));
  }

  private async sandboxReady(rt: PodRuntime): Promise<void> {
    rt.stage = 'SandboxReady';
    rt.ip ??= this.allocateIP();
    await this.writeStatus(rt);
    rt.stage = 'StartingContainers';
    this.startContainer(rt, 0);
  }

  private current(rt: PodRuntime): P | undefined {
    return this.informer.get(`${rt.namespace}/${rt.name}`);
  }

  private fieldPath(c: ContainerRuntime): string {
    return `spec.containers{${c.name}}`;
  }

  /** startContainer walks one container through pull, create and start, then goes on to the next one. */
  private startContainer(rt: PodRuntime, i: number): void {
    const c = rt.containers[i];
    const pod = this.current(rt);
    if (!pod || rt.stage !== 'StartingContainers') return;
    if (!c) {
      rt.stage = 'Running';
      void this.ctx.activity.track(this.writeStatus(rt));
      return;
    }
    const spec = pod.spec!.containers[i]!;
    const tag = normalisedTag(c.image);
    const present = this.imagesPresent.has(tag);
    const policy = spec.imagePullPolicy ?? 'IfNotPresent';
    const create = () => {
      this.after(rt, TIMINGS.createMs, () => {
        const p = this.current(rt);
        if (!p || rt.stage !== 'StartingContainers') return;
        c.containerID = `docker://${randomBytes(32).toString('hex')}`;
        this.recorder.event(p, 'Normal', 'Created', MESSAGES.created(), this.fieldPath(c));
        this.after(rt, TIMINGS.startMs, async () => {
          const p2 = this.current(rt);
          if (!p2 || rt.stage !== 'StartingContainers') return;
          c.state = 'running';
          c.waitingReason = undefined;
          c.startedAt = this.now();
          this.writeLogs(c, rt, c.info.startLogs, (c.log = new ContainerLog()));
          c.env = containerEnv(p2, p2.spec!.containers[i]!, c.info, this.services.list());
          this.recorder.event(p2, 'Normal', 'Started', MESSAGES.started(), this.fieldPath(c));
          if (i + 1 >= rt.containers.length) rt.stage = 'Running';
          await this.writeStatus(rt);
          if (rt.stage === 'StartingContainers') this.startContainer(rt, i + 1);
        });
      });
    };
    if (policy === 'Always' || !present) {
      this.recorder.event(pod, 'Normal', 'Pulling', MESSAGES.pulling(c.image), this.fieldPath(c));
      const ms = pullMs(c.info, present);
      this.after(rt, ms, () => {
        const p = this.current(rt);
        if (!p) return;
        this.imagesPresent.add(tag);
        c.imageReady = true;
        this.recorder.event(p, 'Normal', 'Pulled', MESSAGES.pulled(c.image, ms, c.info.sizeBytes), this.fieldPath(c));
        create();
      });
    } else {
      c.imageReady = true;
      this.recorder.event(pod, 'Normal', 'Pulled', MESSAGES.present(c.image), this.fieldPath(c));
      create();
    }
  }

  /** kill stops a deleted pod: SIGTERM to each running container, then the final status, then removal. */
  private kill(rt: PodRuntime, pod: P): void {
    this.cancelTimers(rt);
    rt.stage = 'Killing';
    const graceMs = (pod.metadata.deletionGracePeriodSeconds ?? 30) * 1000;
    let slowest = 0;
    for (const c of rt.containers) {
      if (c.state !== 'running') continue;
      this.recorder.event(pod, 'Normal', 'Killing', MESSAGES.killing(c.name), this.fieldPath(c));
      slowest = Math.max(slowest, Math.min(c.info.stopMs, graceMs));
    }
    this.after(rt, slowest, async () => {
      const at = this.now();
      for (const c of rt.containers) {
        if (c.state === 'running') {
          if (c.log) {
            this.writeLogs(c, rt, c.info.stopLogs, c.log);
            c.log.close();
          }
          // A process that outlives the grace period is killed (exit 137), otherwise it exits cleanly.
          const killed = c.info.stopMs > graceMs;
          c.state = 'terminated';
          c.exitCode = killed ? 137 : 0;
          c.terminatedReason = killed ? 'Error' : 'Completed';
          c.finishedAt = at;
        } else if (c.state === 'waiting') {
          c.state = 'terminated';
          c.exitCode = 0;
          c.terminatedReason = 'ContainerStatusUnknown';
          c.finishedAt = at;
        }
      }
      rt.stage = 'Stopped';
      await this.writeStatus(rt);
      this.after(rt, TIMINGS.cleanupMs, async () => {
        const p = this.current(rt);
        if (p) await this.removePod(p);
      });
    });
  }

  private writeLogs(c: ContainerRuntime, rt: PodRuntime, templates: string[], log: ContainerLog): void {
    const t = this.ctx.clock.now();
    for (const line of templates) log.append(renderLogLine(line, t, { version: c.info.version, pod: rt.name }), t);
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
      const reason = c?.waitingReason ?? 'ContainerCreating';
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
    const ctx = shellContext(pod, spec, c.info, c.env ?? {}, rt.ip, () => this.ctx.clock.now());
    return new ExecSession(ctx, argv, opts, io);
  }

  private async removePod(pod: P): Promise<void> {
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

  private buildStatus(rt: PodRuntime, pod: P): PodStatus {
    const sandbox = rt.stage !== 'Waiting';
    const ready = rt.stage === 'Running' && rt.containers.every((c) => c.state === 'running');
    const notReady = rt.containers.filter((c) => c.state !== 'running').map((c) => c.name);
    const notReadyMsg = `containers with unready status: [${notReady.join(' ')}]`;
    const gen = pod.metadata.generation ?? 1;
    const scheduled = pod.status?.conditions?.find((c) => c.type === 'PodScheduled');
    const conditions: PodCondition[] = [
      this.condition(rt, 'PodReadyToStartContainers', sandbox && rt.stage !== 'Stopped' ? 'True' : 'False', { observedGeneration: gen } as never),
      this.condition(rt, 'Initialized', 'True', { observedGeneration: gen } as never),
      ready
        ? this.condition(rt, 'Ready', 'True', { observedGeneration: gen } as never)
        : this.condition(rt, 'Ready', 'False', { reason: rt.stage === 'Stopped' ? 'PodCompleted' : 'ContainersNotReady', message: rt.stage === 'Stopped' ? '' : notReadyMsg, observedGeneration: gen } as never),
      ready
        ? this.condition(rt, 'ContainersReady', 'True', { observedGeneration: gen } as never)
        : this.condition(rt, 'ContainersReady', 'False', { reason: rt.stage === 'Stopped' ? 'PodCompleted' : 'ContainersNotReady', message: rt.stage === 'Stopped' ? '' : notReadyMsg, observedGeneration: gen } as never),
      { ...(scheduled ?? { type: 'PodScheduled', status: 'True', lastProbeTime: null as never, lastTransitionTime: rt.startTime }), observedGeneration: gen } as PodCondition,
    ];
    for (const c of conditions) if (!c.message) delete (c as { message?: string }).message;
    const containerStatuses: ContainerStatus[] = rt.containers.map((c) => {
      const s: ContainerStatus = {
        name: c.name,
        image: normalisedTag(c.image),
        imageID: c.imageReady ? `docker-pullable://${c.info.repository}@${c.info.digest}` : '',
        ready: c.state === 'running' && ready,
        started: c.state === 'running',
        restartCount: 0,
        lastState: {},
        state:
          c.state === 'running'
            ? { running: { startedAt: c.startedAt! } }
            : c.state === 'terminated'
              ? { terminated: { exitCode: c.exitCode ?? 0, reason: c.terminatedReason, startedAt: c.startedAt, finishedAt: c.finishedAt!, containerID: c.containerID } }
              : { waiting: { reason: c.waitingReason ?? 'ContainerCreating' } },
      };
      if (c.containerID) (s as { containerID?: string }).containerID = c.containerID;
      return s;
    });
    let phase: PodStatus['phase'] = 'Pending';
    if (rt.stage === 'Running' || (rt.stage === 'Killing' && rt.containers.some((c) => c.state === 'running'))) phase = 'Running';
    if (rt.stage === 'Stopped') phase = rt.containers.every((c) => c.exitCode === 0) ? 'Succeeded' : 'Failed';
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
    if (sandbox && rt.ip) {
      (status as { podIP?: string }).podIP = rt.ip;
      (status as { podIPs?: { ip: string }[] }).podIPs = [{ ip: rt.ip }];
    }
    return status;
  }

  private async writeStatus(rt: PodRuntime): Promise<void> {
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

  private allocateIP(): string {
    const base = this.opts.podCIDR.split('/')[0]!.split('.').slice(0, 3).join('.');
    for (let i = 2; i < 255; i++) {
      if (!this.usedIPs.has(i)) {
        this.usedIPs.add(i);
        return `${base}.${i}`;
      }
    }
    return `${base}.254`;
  }

  private releaseIP(rt: PodRuntime): void {
    if (!rt.ip || rt.ip === this.opts.nodeIP) return;
    this.usedIPs.delete(Number(rt.ip.split('.')[3]));
  }

  private async ensureMirrorPod(sp: KubeObject): Promise<void> {
    if (this.stopped) return;
    const name = `${sp.metadata.name}-${this.opts.nodeName}`;
    const ns = sp.metadata.namespace ?? 'kube-system';
    if (this.informer.get(`${ns}/${name}`)) return;
    const hash = randomBytes(16).toString('hex');
    const pod = structuredClone(sp) as KubeObject;
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
