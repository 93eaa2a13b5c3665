import type { Service } from 'kubernetes-types/core/v1.js';
import type { ServiceURL } from '../proxy/node-ports.js';
import { daemonRequest } from './daemon-api.js';
import { renderBoxTable } from './profile.js';
import { CliError, ExitCode, out, err } from './output.js';
import { forProfile } from './status.js';

type ServiceList = { items: Service[] };

const nodePortURLs = async (profile: string) => (await daemonRequest<{ services: ServiceURL[] }>(profile, 'GET', '/minik9s/v1/services')).services;

/** targetPort is the TARGET PORT column: `name/port` for a named port, as minikube prints it. */
const targetPort = (u: Pick<ServiceURL, 'portName' | 'port'>) => (u.portName ? `${u.portName}/${u.port}` : String(u.port));

/**
 * service is `minikube service`: `service list` is every Service with the URL of each node port; `service NAME`
 * prints the node ports' URLs of one Service (a table, or one URL a line with --url). The URLs are real
 * listeners on 127.0.0.1 that the daemon keeps for every node port, so `curl $(minik9s service web --url)`
 * reaches a simulated pod through kube-proxy's routing.
 */
export async function service(profile: string, name: string | undefined, opts: { namespace?: string; url?: boolean }): Promise<number> {
  if (!name) throw new CliError('usage: minik9s service NAME [--url] [-n NAMESPACE] | service list [-n NAMESPACE]', ExitCode.Usage, 'MK_USAGE');
  const urls = await nodePortURLs(profile);
  if (name === 'list') {
    const path = opts.namespace ? `/api/v1/namespaces/${encodeURIComponent(opts.namespace)}/services` : '/api/v1/services';
    const all = (await daemonRequest<ServiceList>(profile, 'GET', path)).items;
    const rows: string[][] = [];
    for (const s of all.sort((a, b) => `${a.metadata?.namespace}/${a.metadata?.name}`.localeCompare(`${b.metadata?.namespace}/${b.metadata?.name}`))) {
      const mine = urls.filter((u) => u.namespace === s.metadata?.namespace && u.name === s.metadata?.name);
      if (!mine.length) rows.push([s.metadata!.namespace!, s.metadata!.name!, 'No node port', '']);
      else mine.forEach((u, i) => rows.push(i ? ['', '', targetPort(u), u.url] : [u.namespace, u.name, targetPort(u), u.url]));
    }
    process.stdout.write(renderBoxTable(['NAMESPACE', 'NAME', 'TARGET PORT', 'URL'], rows, 'auto'));
    return 0;
  }
  const namespace = opts.namespace ?? 'default';
  const svc = await daemonRequest<Service>(profile, 'GET', `/api/v1/namespaces/${encodeURIComponent(namespace)}/services/${encodeURIComponent(name)}`).catch(() => undefined);
  if (!svc)
    throw new CliError(
      `Service '${name}' was not found in '${namespace}' namespace. You may select another namespace by using '${forProfile(`minik9s service ${name} -n <namespace>`, profile)}', or list all services with '${forProfile('minik9s service list', profile)}'`,
      ExitCode.GuestError,
      'SVC_NOT_FOUND',
    );
  const mine = urls.filter((u) => u.namespace === namespace && u.name === name);
  if (!mine.length) throw new CliError(`service ${namespace}/${name} has no node port: make it a NodePort (kubectl expose ... --type=NodePort) or reach it with kubectl port-forward`, ExitCode.GuestError, 'SVC_UNREACHABLE');
  // A Service that selects no ready pod refuses connections: say so, as minikube waits and then gives up.
  const ready = await daemonRequest<{ items: { endpoints?: { conditions?: { ready?: boolean } }[] }[] }>(
    profile,
    'GET',
    `/apis/discovery.k8s.io/v1/namespaces/${encodeURIComponent(namespace)}/endpointslices?labelSelector=${encodeURIComponent(`kubernetes.io/service-name=${name}`)}`,
  );
  if (!ready.items.some((sl) => sl.endpoints?.some((e) => e.conditions?.ready !== false)))
    err('warning', `service ${namespace}/${name} has no ready pods yet: its URL refuses connections until one is Ready`);
  if (opts.url) {
    for (const u of mine) process.stdout.write(`${u.url}\n`);
    return 0;
  }
  process.stdout.write(renderBoxTable(['NAMESPACE', 'NAME', 'TARGET PORT', 'URL'], mine.map((u, i) => (i ? ['', '', targetPort(u), u.url] : [namespace, name, targetPort(u), u.url])), 'auto'));
  out('celebrate', `Service ${namespace}/${name} is reachable at ${mine.map((u) => u.url).join(', ')} (try: curl ${mine[0]!.url})`);
  return 0;
}
