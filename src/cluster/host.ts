import v8 from 'node:v8';
import { Cluster, type ClusterOptions } from './cluster.js';
import { startApiServer, type RunningApiServer } from '../apiserver/http/server.js';
import { NodePortListeners } from '../proxy/node-ports.js';
import { Tunnel } from '../proxy/tunnel.js';

/** HostedCluster is a cluster serving the Kubernetes API on 127.0.0.1. */
export interface HostedCluster {
  readonly cluster: Cluster;
  readonly server: RunningApiServer;
  readonly url: string;
  /** The node ports' listeners on 127.0.0.1. */
  readonly nodePorts: NodePortListeners;
  /** `minik9s tunnel`'s side: LoadBalancer Services on 127.0.0.1 while it is open. */
  readonly tunnel: { open(onChange: Parameters<Tunnel['open']>[0]): Promise<() => Promise<void>> };
  stop(): Promise<void>;
}

/** HostOptions are a cluster's options plus the port to serve on (0 = any free port). */
export interface HostOptions extends ClusterOptions {
  port?: number;
  /** Told about every API request. */
  accessLog?: (line: string) => void;
  /** Serve HTTPS with client-certificate authentication (see startApiServer); may still be in the making. */
  tls?: { key: string; cert: string; ca: string } | Promise<{ key: string; cert: string; ca: string }>;
}

/**
 * hostCluster boots a cluster and serves its API: the daemon calls it, and so can tests or any other process
 * (hosting is a function, not a special build). When the preferred port is taken, any free port is used.
 */
export async function hostCluster(opts: HostOptions = {}): Promise<HostedCluster> {
  const cluster = await Cluster.start(opts);
  // Every node port gets a real listener on 127.0.0.1, kept in step with the Services.
  const nodePorts = new NodePortListeners(cluster, opts.log);
  const unsubscribe = cluster.proxy.onServices(() => void nodePorts.sync());
  await nodePorts.sync();
  const services = { serviceURLs: () => nodePorts.list() };
  const tunnel = new Tunnel(cluster, opts.log);
  // A tunnel cannot outlive the daemon: an address left by one that was killed goes back to <pending>.
  await tunnel.clear();
  const tunnels = new Set<() => Promise<void>>();
  const tunnelHost = {
    async open(onChange: Parameters<Tunnel['open']>[0]) {
      const close = await tunnel.open(onChange);
      tunnels.add(close);
      return async () => {
        tunnels.delete(close);
        await close();
      };
    },
  };
  const teardown = async () => {
    for (const close of [...tunnels]) await close();
    unsubscribe();
    await nodePorts.stop();
    await cluster.stop();
  };
  let tls;
  try {
    tls = await opts.tls;
    if (tls) cluster.setCA(tls.ca);
  } catch (err) {
    await teardown();
    throw err;
  }
  let server: RunningApiServer;
  try {
    server = await startApiServer(cluster.registry, { port: opts.port ?? 0, version: cluster.version, log: opts.accessLog, tls, nodes: cluster, nodeManager: cluster, addons: cluster, faults: cluster, images: cluster, services, tunnel: tunnelHost, traffic: cluster });
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'EADDRINUSE' || !opts.port) {
      await teardown();
      throw err;
    }
    server = await startApiServer(cluster.registry, { port: 0, version: cluster.version, log: opts.accessLog, tls, nodes: cluster, nodeManager: cluster, addons: cluster, faults: cluster, images: cluster, services, tunnel: tunnelHost, traffic: cluster });
  }
  return {
    cluster,
    server,
    url: server.url,
    nodePorts,
    tunnel: tunnelHost,
    async stop() {
      await server.close();
      await teardown();
    },
  };
}

/**
 * tuneHeapForServing is called once a cluster has booted in a long-lived process (the daemon): from then on the V8
 * heap may grow 1.5x over what the last full collection kept (V8's default lets it reach about 2x). A cluster's
 * live heap is mostly its objects, so this trades a little GC time for memory: 0 -> 10,000 replicas peaked at 590
 * MiB without it, 440 MiB with it, in the same time (npm run bench). Set after boot, not on the command line,
 * because with it a fresh process collects more often while it starts (start -> Ready 0.82 s -> 0.88 s).
 */
export function tuneHeapForServing(): void {
  v8.setFlagsFromString('--heap-growing-percent=50');
}
