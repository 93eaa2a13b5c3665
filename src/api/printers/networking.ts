import type { Ingress, IngressClass, IngressRule, NetworkPolicy } from 'kubernetes-types/networking/v1.js';
import type { EndpointSlice, EndpointPort, Endpoint } from 'kubernetes-types/discovery/v1.js';
import { type Printer, col, nameColumn, ageColumn, sinceOf } from './table.js';
import { formatLabelSelector } from '../selectors.js';

/** listWithMore joins up to max items and says how many more there are; `<unset>` when there are none. */
function listWithMore(list: string[], count: number, max: number): string {
  const ret = list.join(',');
  if (count > max) return `${ret} + ${count - max} more...`;
  return ret || '<unset>';
}

/** formatIngressHosts is the HOSTS cell: the first three hosts, `*` when no rule names one. */
export function formatIngressHosts(rules: IngressRule[] | undefined): string {
  const list: string[] = [];
  const all = rules ?? [];
  const max = 3;
  let more = false;
  for (const r of all) {
    if (list.length === max) more = true;
    if (!more && r.host) list.push(r.host);
  }
  if (!list.length) return '*';
  return more ? `${list.join(',')} + ${all.length - max} more...` : list.join(',');
}

/** ingressPrinter prints ingresses: NAME CLASS HOSTS ADDRESS PORTS AGE. */
export const ingressPrinter: Printer<Ingress> = {
  columns: [
    nameColumn,
    col('Class', 'The name of the IngressClass resource that should be used for additional configuration'),
    col('Hosts', 'Hosts that incoming requests are matched against before the ingress rule'),
    col('Address', 'Address is a list containing ingress points for the load-balancer'),
    col('Ports', 'Ports of TLS configurations that open'),
    ageColumn,
  ],
  cells(ing, now) {
    // The server prints wide, so the address is never clipped; addresses are a sorted set.
    const addrs = new Set<string>();
    for (const i of ing.status?.loadBalancer?.ingress ?? []) {
      if (i.ip) addrs.add(i.ip);
      else if (i.hostname) addrs.add(i.hostname);
    }
    return [
      ing.metadata?.name ?? '',
      ing.spec?.ingressClassName ?? '<none>',
      formatIngressHosts(ing.spec?.rules),
      [...addrs].sort().join(','),
      ing.spec?.tls?.length ? '80, 443' : '80',
      sinceOf(ing as never, now),
    ];
  },
};

/** ingressClassPrinter prints ingress classes: NAME CONTROLLER PARAMETERS AGE. */
export const ingressClassPrinter: Printer<IngressClass> = {
  columns: [
    nameColumn,
    col('Controller', 'Controller that is responsible for handling this class'),
    col('Parameters', 'A reference to a resource with additional parameters'),
    ageColumn,
  ],
  cells(ic, now) {
    const p = ic.spec?.parameters;
    let params = '<none>';
    if (p) params = `${p.kind}${p.apiGroup != null ? `.${p.apiGroup}` : ''}/${p.name}`;
    return [ic.metadata?.name ?? '', ic.spec?.controller ?? '', params, sinceOf(ic as never, now)];
  },
};

/** networkPolicyPrinter prints network policies: NAME POD-SELECTOR AGE. */
export const networkPolicyPrinter: Printer<NetworkPolicy> = {
  columns: [
    nameColumn,
    col('Pod-Selector', 'podSelector selects the pods to which this NetworkPolicy object applies. The array of ingress rules is applied to any pods selected by this field. Multiple network policies can select the same set of pods. In this case, the ingress rules for each are combined additively. This field is NOT optional and follows standard label selector semantics. An empty podSelector matches all pods in this namespace.'),
    ageColumn,
  ],
  cells: (np, now) => [np.metadata?.name ?? '', formatLabelSelector(np.spec?.podSelector ?? {}), sinceOf(np as never, now)],
};

/** formatSlicePorts is the PORTS cell of an EndpointSlice: port numbers (or names, or `*`), three at most. */
export function formatSlicePorts(ports: EndpointPort[] | undefined): string {
  const list: string[] = [];
  let count = 0;
  for (const p of ports ?? []) {
    if (list.length < 3) list.push(p.port != null ? String(p.port) : (p.name ?? '*'));
    count++;
  }
  return listWithMore(list, count, 3);
}

/** formatSliceEndpoints is the ENDPOINTS cell of an EndpointSlice: addresses, three at most. */
export function formatSliceEndpoints(endpoints: Endpoint[] | undefined): string {
  const list: string[] = [];
  let count = 0;
  for (const e of endpoints ?? []) {
    for (const a of e.addresses ?? []) {
      if (list.length < 3) list.push(a);
      count++;
    }
  }
  return listWithMore(list, count, 3);
}

/** endpointSlicePrinter prints endpoint slices: NAME ADDRESSTYPE PORTS ENDPOINTS AGE. */
export const endpointSlicePrinter: Printer<EndpointSlice> = {
  columns: [
    nameColumn,
    col('AddressType', 'addressType specifies the type of address carried by this EndpointSlice. All addresses in this slice must be the same type. This field is immutable after creation. The following address types are currently supported: * IPv4: Represents an IPv4 Address. * IPv6: Represents an IPv6 Address. * FQDN: Represents a Fully Qualified Domain Name.'),
    col('Ports', 'ports specifies the list of network ports exposed by each endpoint in this slice. Each port must have a unique name. When ports is empty, it indicates that there are no defined ports. When a port is defined with a nil port value, it indicates "all ports". Each slice may include a maximum of 100 ports.'),
    col('Endpoints', 'endpoints is a list of unique endpoints in this slice. Each slice may include a maximum of 1000 endpoints.'),
    ageColumn,
  ],
  cells: (es, now) => [
    es.metadata?.name ?? '',
    es.addressType ?? '',
    formatSlicePorts(es.ports),
    formatSliceEndpoints(es.endpoints),
    sinceOf(es as never, now),
  ],
};
