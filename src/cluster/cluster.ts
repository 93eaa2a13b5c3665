import type { Node, Pod } from 'kubernetes-types/core/v1.js';
import { mustKind } from '../api/kinds.js';
import type { KubeObject } from '../api/types.js';
import type { Store } from '../store/store.js';
import type { Fault } from '../apiserver/http/faults-api.js';
import { MemoryStore } from '../store/memory-store.js';
import { Registry } from '../apiserver/registry.js';
import { LocalClient } from '../client/local-client.js';
import { SharedInformers, type Controller, type ControllerContext } from '../controllers/controller.js';
import { ReplicaSetController } from '../controllers/replicaset.js';
import { DeploymentController } from '../controllers/deployment.js';
import { EndpointsController } from '../controllers/endpoints.js';
import { GarbageCollector } from '../controllers/garbage-collector.js';
import { NamespaceController } from '../controllers/namespace.js';
import { ServiceAccountController } from '../controllers/service-account.js';
import { DaemonSetController } from '../controllers/daemonset.js';
import { StatefulSetController } from '../controllers/statefulset.js';
import { JobController } from '../controllers/job.js';
import { CronJobController } from '../controllers/cronjob.js';
import { NodeLifecycleController } from '../controllers/node-lifecycle.js';
import { EndpointSliceController } from '../controllers/endpointslice.js';
import { PersistentVolumeController } from '../controllers/pv-binder.js';
import { HostPathProvisioner } from '../controllers/volume-provisioner.js';
import { HorizontalPodAutoscalerController } from '../controllers/horizontal.js';
import { IngressNginxController } from '../controllers/ingress-nginx.js';
import { ServiceProxy } from '../proxy/service-proxy.js';
import { IngressRouter } from '../proxy/ingress-router.js';
import { ClusterNetwork } from '../proxy/pod-network.js';
import { NetworkPolicies } from '../proxy/network-policy.js';
import { TrafficGenerator } from '../proxy/traffic.js';
import { Scheduler } from '../scheduler/scheduler.js';
import { Kubelet } from '../kubelet/kubelet.js';
import { EventTTL } from '../apiserver/event-ttl.js';
import type { Timings } from '../kubelet/lifecycle.js';
import { Activity } from './activity.js';
import { type Clock, ManualClock, RealClock } from './clock.js';
import { bootstrap, bootstrapNamespaces, preloadedImages, staticPods } from './bootstrap.js';
import { ADDONS, applyAddon } from './addons.js';
import { KUBERNETES_VERSION } from './version.js';
import { intToIp, ipToInt } from '../api/ip.js';
import type { AddonState } from '../apiserver/http/addons-api.js';

/** ClusterOptions configure a simulated cluster. */
export interface ClusterOptions {
  /** The cluster (profile) name; the control-plane node is named after it, as minikube does. */
  name?: string;
  /** The Kubernetes version the cluster reports (`start --kubernetes-version`); KUBERNETES_VERSION by default. */
  kubernetesVersion?: string;
  clock?: Clock;
  store?: Store;
  /** How many nodes: the control plane `<name>`, then workers `<name>-m02`, `<name>-m03`, ... (minikube's names). */
  nodes?: number;
  /** Per node. */
  cpus?: number;
  memoryMiB?: number;
  /** Per node: the kubelet's --max-pods (110); more widens each node's pod CIDR to fit. */
  maxPods?: number;
  /** The kubelets' lifecycle delays (ZERO_DELAY_TIMINGS for benchmarks). */
  timings?: Timings;
  /** Random source for generated names and allocated addresses (seed it for reproducible tests). */
  random?: () => number;
  log?: (msg: string) => void;
}

/**
 * Cluster is a whole simulated Kubernetes cluster in this process: store, API registry, controller manager,
 * scheduler and one kubelet per node, all talking through the in-process client. `Cluster.start` boots it
 * and returns once the node is Ready.
 */
export class Cluster {
  readonly name: string;
  readonly version: string;
  readonly clock: Clock;
  readonly store: Store;
  readonly registry: Registry;
  readonly client: LocalClient;
  readonly activity = new Activity();
  readonly informers: SharedInformers;
  readonly controllers: Controller[];
  readonly kubelets: Kubelet[] = [];
  /** kube-proxy's routing table (Services → ready endpoints). */
  readonly proxy: ServiceProxy;
  /** What the ingress addon's controller pod does with requests. */
  readonly ingress: IngressRouter;
  /** CoreDNS and the pod network, as the pods' containers see them. */
  readonly network: ClusterNetwork;
  /** NetworkPolicy enforcement on that traffic. */
  readonly policies: NetworkPolicies;
  /** Bursts of requests the dashboard fires at a Service. */
  readonly traffic: TrafficGenerator;
  private serviceAccounts!: ServiceAccountController;
  private readonly eventTTL: EventTTL;
  private readonly ctx: ControllerContext;
  private readonly nodeOpts: Pick<ClusterOptions, 'cpus' | 'memoryMiB' | 'maxPods' | 'timings'>;
  private stopped = false;

  private constructor(opts: ClusterOptions) {
    this.name = opts.name ?? 'minik9s';
    this.version = opts.kubernetesVersion ?? KUBERNETES_VERSION;
    this.clock = opts.clock ?? new RealClock();
    this.store = opts.store ?? new MemoryStore();
    this.registry = new Registry(this.store, this.clock, opts.random);
    this.client = new LocalClient(this.registry, this.activity, this);
    this.eventTTL = new EventTTL(this.store, this.clock);
    this.informers = new SharedInformers(this.client);
    const ctx: ControllerContext = {
      client: this.client,
      clock: this.clock,
      activity: this.activity,
      informers: this.informers,
      nodeName: this.name,
      log: opts.log,
    };
    this.controllers = [
      new ReplicaSetController(ctx),
      new DeploymentController(ctx),
      new EndpointsController(ctx),
      new GarbageCollector(ctx),
      new NamespaceController(ctx),
      (this.serviceAccounts = new ServiceAccountController(ctx)),
      new DaemonSetController(ctx),
      new StatefulSetController(ctx),
      new JobController(ctx),
      new CronJobController(ctx),
      new NodeLifecycleController(ctx),
      new EndpointSliceController(ctx),
      new PersistentVolumeController(ctx),
      new HostPathProvisioner(ctx),
      new HorizontalPodAutoscalerController(ctx),
      new IngressNginxController(ctx),
      new Scheduler(ctx),
    ];
    this.ctx = ctx;
    this.proxy = new ServiceProxy(this.informers);
    this.policies = new NetworkPolicies(this.informers);
    this.traffic = new TrafficGenerator(this, this.clock);
    this.ingress = new IngressRouter(this.informers, this.proxy, (ns, name, port) => this.connectPod(ns, name, port), this.policies);
    this.network = new ClusterNetwork(this.informers, this.proxy, (ns, name, port) => this.connectPod(ns, name, port), this.policies, (ns, name, port, argv) => this.onPodsNode(ns, name)?.redis(ns, name, port, argv) ?? { refused: 'no such pod' });
    this.nodeOpts = opts;
    for (const i of this.nodeIndexes(opts.nodes)) this.kubelets.push(this.kubeletFor(i));
    if (this.clock instanceof ManualClock) this.clock.settle = () => this.settle();
  }

  /** start boots a cluster: bootstrap objects, controllers, scheduler, kubelets; resolves when the node is Ready. */
  static async start(opts: ClusterOptions = {}): Promise<Cluster> {
    const c = new Cluster(opts);
    // Namespaces first (mirror pods live in kube-system), then the node, then the rest, so nothing waits unscheduled.
    await bootstrapNamespaces(c.client);
    c.eventTTL.start();
    c.informers.start();
    await c.informers.synced();
    for (const k of c.kubelets) await k.start();
    await bootstrap(c.client, '192.168.49.2', c.version);
    await c.settle();
    return c;
  }

  /**
   * nodeIndexes says which nodes to run: those a restored store already holds for this cluster (a stopped cluster
   * comes back with the nodes it had, `-m02` and `-m04` if `-m03` was deleted), else the first `count`.
   */
  private nodeIndexes(count = 1): number[] {
    const stored = (this.store.list('/nodes/').items as unknown as Node[])
      .filter((n) => n.metadata?.labels?.['minik9s.io/name'] === this.name)
      .map((n) => nodeIndex(this.name, n.metadata!.name!));
    if (stored.length) return [...new Set([0, ...stored])].sort((a, b) => a - b);
    return Array.from({ length: Math.max(1, count) }, (_, i) => i);
  }

  /**
   * kubeletFor makes the kubelet of node i (0 is the control plane): minikube's names (`<profile>-m02`), node
   * addresses 192.168.49.(2+i), and pod CIDRs carved one after the other from 10.244.0.0/16 (a /24 each, or wider
   * when maxPods needs it).
   */
  private kubeletFor(i: number): Kubelet {
    const o = this.nodeOpts;
    const maxPods = o.maxPods ?? 110;
    let prefix = 24;
    while (2 ** (32 - prefix) - 3 < maxPods && prefix > 16) prefix--;
    const podCIDR = `${intToIp(ipToInt('10.244.0.0') + i * 2 ** (32 - prefix))}/${prefix}`;
    const primary = i === 0;
    return new Kubelet(this.ctx, {
      nodeName: primary ? this.name : `${this.name}-m${String(i + 1).padStart(2, '0')}`,
      nodeIP: `192.168.49.${2 + i}`,
      podCIDR,
      cpus: o.cpus ?? 2,
      memoryMiB: o.memoryMiB ?? 4096,
      maxPods,
      timings: o.timings,
      controlPlane: primary,
      staticPods: primary ? staticPods(this.version) : [],
      preloadedImages: preloadedImages(this.version),
      kubeletVersion: this.version,
      ingress: (ctx, req) => this.ingress.serve(ctx, req),
      network: (ns, ip, node) => this.network.forPod(ns, ip, node),
      labels: { 'minik9s.io/name': this.name, 'minik9s.io/primary': String(primary) },
    });
  }

  /**
   * addNode joins one more worker node (`minik9s node add`) and resolves once it has registered. It takes the
   * next number after the highest in use (`-m04` after `-m02` and `-m03`, even when `-m02` was deleted), so that a
   * name, an address or a pod CIDR is never given out twice.
   */
  async addNode(): Promise<Kubelet> {
    const used = this.kubelets.map((k) => nodeIndex(this.name, k.opts.nodeName));
    const k = this.kubeletFor(Math.max(...used) + 1);
    this.kubelets.push(k);
    await k.start();
    await this.settle();
    return k;
  }

  /**
   * removeNode takes a worker out of the cluster as `minikube node delete` does: cordon, drain (every pod but the
   * DaemonSets' and the static ones is deleted, so its controller makes a replacement elsewhere), then the kubelet
   * stops and the Node and its Lease are deleted; the pod garbage collector removes what was left bound to it.
   * The answer is an error message, or undefined.
   */
  async removeNode(name: string): Promise<string | undefined> {
    const i = this.kubelets.findIndex((k) => k.opts.nodeName === name);
    if (i < 0) return `node "${name}" not found in cluster "${this.name}"`;
    if (i === 0 || this.kubelets[i]!.opts.controlPlane) return `node "${name}" is the control plane: delete the cluster instead ("minik9s delete")`;
    const nodeKind = mustKind('v1', 'Node');
    const podKind = mustKind('v1', 'Pod');
    await this.client.patch(nodeKind, undefined, name, 'merge', { spec: { unschedulable: true } });
    const pods = await this.client.list<Pod & KubeObject>(podKind, undefined, { fieldSelector: `spec.nodeName=${name}` });
    const drained = (p: Pod & KubeObject) =>
      !p.metadata.ownerReferences?.some((r) => r.controller && r.kind === 'DaemonSet') && !p.metadata.annotations?.['kubernetes.io/config.mirror'];
    for (const p of pods.items.filter(drained)) await this.client.delete(podKind, p.metadata.namespace, p.metadata.name!).catch(() => undefined);
    // As `kubectl drain` does, wait for the pods to be gone (their kubelet stops them within their grace period)
    // before the node goes, so that none is left Terminating on a node that no longer exists.
    const deadline = this.clock.now() + 120_000;
    for (;;) {
      const left = (await this.client.list<Pod & KubeObject>(podKind, undefined, { fieldSelector: `spec.nodeName=${name}` })).items.filter(drained);
      if (!left.length || this.clock.now() >= deadline) break;
      await new Promise<void>((r) => this.clock.setTimeout(r, 250, `node delete ${name}: waiting for its pods to stop`));
    }
    const [kubelet] = this.kubelets.splice(i, 1);
    kubelet!.stop();
    await this.client.delete(nodeKind, undefined, name).catch(() => undefined);
    await this.client.delete(mustKind('coordination.k8s.io/v1', 'Lease'), 'kube-node-lease', name).catch(() => undefined);
    await this.settle();
    return undefined;
  }

  /** The addons' states (`minik9s addons`), by name. */
  private readonly addons = new Map<string, boolean>(ADDONS.map((a) => [a.name, a.onByDefault]));

  addonEnabled(name: string): boolean {
    return this.addons.get(name) ?? false;
  }

  addonList(): AddonState[] {
    return ADDONS.map((a) => ({ name: a.name, enabled: this.addonEnabled(a.name), maintainer: a.maintainer}));
  }

  /**
   * setAddon switches an addon as `minikube addons enable|disable` does: metrics-server adds or removes its
   * Deployment and takes metrics.k8s.io in or out of the API; default-storageclass flips the `standard` class's
   * default annotation; storage-provisioner stops or resumes provisioning claims, with its pod. An addon that
   * cannot be had here says why.
   */
  async setAddon(name: string, enabled: boolean): Promise<string | undefined> {
    const addon = ADDONS.find((a) => a.name === name);
    if (!addon) return `The '${name}' addon is not a valid addon packaged with minik9s: see "minik9s addons list"`;
    this.addons.set(name, enabled);
    if (name === 'storage-provisioner') {
      const p = this.controllers.find((c) => c instanceof HostPathProvisioner);
      if (p) p.enabled = enabled;
    }
    await applyAddon(this.client, name, enabled);
    await this.settle();
    return undefined;
  }

  /** nodeList describes the simulated nodes for `minik9s node list` and `status`: name, address, role, up or not. */
  nodeList(): { name: string; ip: string; controlPlane: boolean; healthy: boolean }[] {
    return this.kubelets.map((k) => ({ name: k.opts.nodeName, ip: k.opts.nodeIP, controlPlane: !!k.opts.controlPlane, healthy: k.isHealthy }));
  }

  /** setCA tells the cluster its CA certificate (published as kube-root-ca.crt in every namespace). */
  setCA(pem: string): void {
    this.serviceAccounts.setCA(pem);
  }

  /** settle waits until no work is in flight: every queued event delivered, every controller idle. */
  settle(): Promise<void> {
    return this.activity.settle();
  }

  /** containerLog finds a container's output on the kubelet running its pod (the API server's NodeConnector). */
  containerLog(pod: Pod, container: string, previous: boolean): ReturnType<Kubelet['containerLog']> {
    const kubelet = this.kubelets.find((k) => k.opts.nodeName === pod.spec?.nodeName);
    if (!kubelet) return { error: `pod ${pod.metadata?.name} does not have a host assigned` };
    return kubelet.containerLog(pod, container, previous);
  }

  /** onPodsNode is the kubelet running a pod. */
  private onPodsNode(namespace: string, name: string): Kubelet | undefined {
    const pod = this.store.get(`/pods/${namespace}/${name}`) as unknown as Pod | undefined;
    return this.kubelets.find((k) => k.opts.nodeName === pod?.spec?.nodeName);
  }

  /** requestCounts is how many requests each pod (`namespace/name`) answered since it started here. */
  requestCounts(): Record<string, number> {
    return Object.assign({}, ...this.kubelets.map((k) => k.requestCounts()));
  }

  /** connectPod is a connection to a pod's port, on the kubelet running the pod (kube-proxy's way in, port-forward's). */
  connectPod(namespace: string, name: string, port: number): ReturnType<Kubelet['connect']> {
    const kubelet = this.onPodsNode(namespace, name);
    if (!kubelet) return { refused: `pod ${namespace}/${name} is not running on any node` };
    return kubelet.connect(namespace, name, port);
  }

  /** exec starts a `kubectl exec` session on the kubelet running the pod (the API server's NodeConnector). */
  exec(...args: Parameters<Kubelet['exec']>): ReturnType<Kubelet['exec']> {
    const kubelet = this.kubelets.find((k) => k.opts.nodeName === args[0].spec?.nodeName);
    if (!kubelet) return { error: `pod ${args[0].metadata?.name} does not have a host assigned` };
    return kubelet.exec(...args);
  }

  /**
   * injectFault breaks (or mends) part of the simulation: a node goes down or comes back, a container crashes
   * (or is OOM-killed), an image's pulls start or stop failing. The answer is an error message, or undefined.
   */
  async injectFault(f: Fault): Promise<string | undefined> {
    switch (f.type) {
      case 'node-down':
      case 'node-up': {
        const k = this.kubelets.find((x) => x.opts.nodeName === f.node);
        if (!k) return `node "${f.node}" is not simulated by this cluster`;
        await k.setHealthy(f.type === 'node-up');
        return undefined;
      }
      case 'crash-container': {
        const pod = this.store.get(`/pods/${f.namespace}/${f.pod}`) as unknown as Pod | undefined;
        if (!pod) return `pods "${f.pod}" not found`;
        const k = this.kubelets.find((x) => x.opts.nodeName === pod.spec?.nodeName);
        if (!k) return `pod ${f.namespace}/${f.pod} does not have a host assigned`;
        return k.crashContainer(f.namespace, f.pod, f.container, f.oomKilled ? 137 : (f.exitCode ?? 1), f.oomKilled ? 'OOMKilled' : undefined);
      }
      case 'fail-pulls':
      case 'restore-pulls':
        for (const k of this.kubelets) k.failPulls(f.image, f.type === 'fail-pulls');
        return undefined;
    }
  }

  /** loadImage puts an image on every node (`minik9s image load`), so pods can use it without a pull. */
  loadImage(image: string): void {
    for (const k of this.kubelets) k.loadImage(image);
  }

  /** images lists the images on the nodes, without repeats. */
  images(): string[] {
    return [...new Set(this.kubelets.flatMap((k) => k.images()))].sort();
  }

  /** nodeReady tells whether every node reports Ready=True. */
  nodeReady(): boolean {
    const nodes = this.store.list('/nodes/').items as unknown as Node[];
    return nodes.length > 0 && nodes.every((n) => n.status?.conditions?.some((c) => c.type === 'Ready' && c.status === 'True'));
  }

  async stop(): Promise<void> {
    if (this.stopped) return;
    this.stopped = true;
    this.traffic.stop();
    for (const k of this.kubelets) k.stop();
    for (const c of this.controllers) c.stop();
    this.informers.stop();
    this.eventTTL.stop();
    if (this.clock instanceof RealClock) this.clock.clearAll();
  }
}

/** nodeIndex reads a node's number from its minikube name: the control plane is 0, `<profile>-m02` is 1. */
function nodeIndex(cluster: string, node: string): number {
  const m = node.startsWith(`${cluster}-m`) ? /^(\d+)$/.exec(node.slice(cluster.length + 2)) : null;
  return m ? Number(m[1]) - 1 : 0;
}
