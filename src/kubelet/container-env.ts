import type { Container, Pod, Service } from 'kubernetes-types/core/v1.js';
import type { ImageInfo } from './images.js';
import { BASE_PROGRAMS, type ShellContext } from './shell.js';

/** serviceEnv is the docker-link style variables the kubelet sets for each Service (`HELLO_SERVICE_HOST`, ...). */
export function serviceEnv(services: Service[]): Record<string, string> {
  const env: Record<string, string> = {};
  for (const svc of services) {
    const ip = svc.spec?.clusterIP;
    if (!ip || ip === 'None' || !svc.spec?.ports?.length) continue;
    const name = (svc.metadata?.name ?? '').toUpperCase().replace(/-/g, '_');
    const first = svc.spec.ports[0]!;
    env[`${name}_SERVICE_HOST`] = ip;
    env[`${name}_SERVICE_PORT`] = String(first.port);
    for (const p of svc.spec.ports) if (p.name) env[`${name}_SERVICE_PORT_${p.name.toUpperCase().replace(/-/g, '_')}`] = String(p.port);
    const proto = (first.protocol ?? 'TCP').toLowerCase();
    env[`${name}_PORT`] = `${proto}://${ip}:${first.port}`;
    for (const p of svc.spec.ports) {
      const pr = (p.protocol ?? 'TCP').toLowerCase();
      const base = `${name}_PORT_${p.port}_${pr.toUpperCase()}`;
      env[base] = `${pr}://${ip}:${p.port}`;
      env[`${base}_PROTO`] = pr;
      env[`${base}_PORT`] = String(p.port);
      env[`${base}_ADDR`] = ip;
    }
  }
  return env;
}

/** IMAGE_ENV is what an image's Dockerfile sets (ENV lines), by repository. */
const IMAGE_ENV: Record<string, (img: ImageInfo) => Record<string, string>> = {
  nginx: (img) => ({ NGINX_VERSION: img.version, NJS_VERSION: '0.9.4', NJS_RELEASE: '1~bookworm', PKG_RELEASE: '1~bookworm', DYNPKG_RELEASE: '1~bookworm' }),
};

/** EnvSource reads the ConfigMaps and Secrets a container's environment refers to (undefined: not found). */
export interface EnvSource {
  configMap(namespace: string, name: string): Promise<Record<string, string> | undefined>;
  secret(namespace: string, name: string): Promise<Record<string, string> | undefined>;
}

/**
 * resolveEnv computes the values of env entries with valueFrom and of envFrom, as the kubelet's
 * makeEnvironmentVariables does: a missing ConfigMap or Secret (or key) that is not optional is an error,
 * worded as the kubelet's watch-based managers word it (`configmap "x" not found`).
 */
export async function resolveEnv(pod: Pod, c: Container, src: EnvSource): Promise<{ env: Record<string, string> } | { error: string }> {
  const ns = pod.metadata?.namespace ?? 'default';
  const env: Record<string, string> = {};
  const cache = new Map<string, Record<string, string> | undefined>();
  const read = async (kind: 'configmap' | 'secret', name: string) => {
    const key = `${kind}/${name}`;
    if (!cache.has(key)) cache.set(key, await (kind === 'configmap' ? src.configMap(ns, name) : src.secret(ns, name)));
    return cache.get(key);
  };
  for (const from of c.envFrom ?? []) {
    const ref = from.configMapRef ?? from.secretRef;
    if (!ref) continue;
    const kind = from.configMapRef ? 'configmap' : 'secret';
    const data = await read(kind, ref.name ?? '');
    if (!data) {
      if (ref.optional) continue;
      return { error: `${kind} "${ref.name}" not found` };
    }
    for (const [k, v] of Object.entries(data)) env[`${from.prefix ?? ''}${k}`] = v;
  }
  const fields: Record<string, string | undefined> = {
    'metadata.name': pod.metadata?.name,
    'metadata.namespace': ns,
    'metadata.uid': pod.metadata?.uid,
    'spec.nodeName': pod.spec?.nodeName,
    'spec.serviceAccountName': pod.spec?.serviceAccountName,
    'status.podIP': pod.status?.podIP,
    'status.hostIP': pod.status?.hostIP,
  };
  for (const e of c.env ?? []) {
    if (e.value !== undefined) {
      env[e.name] = expandRefs(e.value, env);
      continue;
    }
    const vf = e.valueFrom;
    if (!vf) {
      env[e.name] = '';
      continue;
    }
    const ref = vf.configMapKeyRef ?? vf.secretKeyRef;
    if (ref) {
      const kind = vf.configMapKeyRef ? 'configmap' : 'secret';
      const data = await read(kind, ref.name ?? '');
      if (!data) {
        if (ref.optional) continue;
        return { error: `${kind} "${ref.name}" not found` };
      }
      const v = data[ref.key];
      if (v === undefined) {
        if (ref.optional) continue;
        return { error: `couldn't find key ${ref.key} in ${kind === 'configmap' ? 'ConfigMap' : 'Secret'} ${ns}/${ref.name}` };
      }
      env[e.name] = v;
    } else if (vf.fieldRef) {
      const path = vf.fieldRef.fieldPath;
      const label = /^metadata\.(labels|annotations)\['(.+)'\]$/.exec(path);
      env[e.name] = label ? ((label[1] === 'labels' ? pod.metadata?.labels : pod.metadata?.annotations)?.[label[2]!] ?? '') : (fields[path] ?? '');
    } else if (vf.resourceFieldRef) {
      env[e.name] = '0';
    }
  }
  return { env };
}

/** expandRefs expands `$(VAR)` from vars, as the kubelet does in env values, command and args (`$$` escapes). */
export function expandRefs(s: string, vars: Record<string, string>): string {
  return s.replace(/\$\$|\$\(([A-Za-z_][A-Za-z0-9_.-]*)\)/g, (m, name: string | undefined) => (name === undefined ? '$' : (vars[name] ?? m)));
}

/** containerEnv builds a container's environment as the kubelet and the image set it (resolved: from resolveEnv). */
export function containerEnv(pod: Pod, c: Container, img: ImageInfo, services: Service[], resolved: Record<string, string> = {}): Record<string, string> {
  const hostname = pod.spec?.hostname ?? pod.metadata?.name ?? '';
  const env: Record<string, string> = {
    PATH: '/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin',
    HOSTNAME: hostname,
    ...(IMAGE_ENV[img.repository]?.(img) ?? {}),
  };
  const ns = pod.metadata?.namespace;
  const visible = services.filter(
    (s) =>
      (s.metadata?.namespace === 'default' && s.metadata?.name === 'kubernetes') ||
      (pod.spec?.enableServiceLinks !== false && s.metadata?.namespace === ns),
  );
  Object.assign(env, serviceEnv(visible));
  for (const e of c.env ?? []) if (e.value !== undefined) env[e.name] = e.value;
  Object.assign(env, resolved);
  env.HOME = env.HOME ?? '/root';
  return env;
}

const NGINX_INDEX = `<!DOCTYPE html>
<html>
<head>
<title>Welcome to nginx!</title>
</head>
<body>
<h1>Welcome to nginx!</h1>
<p>If you see this page, nginx is successfully installed and working.</p>
</body>
</html>
`;

/** containerFiles is the small virtual file system a simulated container shows. */
export function containerFiles(pod: Pod, img: ImageInfo, podIP: string | undefined): Map<string, string> {
  const name = pod.spec?.hostname ?? pod.metadata?.name ?? '';
  const ns = pod.metadata?.namespace ?? 'default';
  const files = new Map<string, string>([
    ['/etc/hostname', `${name}\n`],
    ['/etc/hosts', `# Kubernetes-managed hosts file.\n127.0.0.1\tlocalhost\n::1\tlocalhost ip6-localhost ip6-loopback\n${podIP ? `${podIP}\t${name}\n` : ''}`],
    ['/etc/resolv.conf', `nameserver 10.96.0.10\nsearch ${ns}.svc.cluster.local svc.cluster.local cluster.local\noptions ndots:5\n`],
    ['/etc/os-release', 'PRETTY_NAME="Debian GNU/Linux 12 (bookworm)"\nNAME="Debian GNU/Linux"\nVERSION_ID="12"\nVERSION="12 (bookworm)"\nID=debian\n'],
    ['/var/run/secrets/kubernetes.io/serviceaccount/namespace', ns],
    ['/var/run/secrets/kubernetes.io/serviceaccount/token', 'eyJhbGciOiJSUzI1NiJ9.simulated.token'],
  ]);
  if (img.repository === 'nginx') {
    files.set('/usr/share/nginx/html/index.html', NGINX_INDEX);
    files.set('/usr/share/nginx/html/50x.html', '<!DOCTYPE html>\n<html>\n<head>\n<title>Error</title>\n</head>\n<body>\n<h1>An error occurred.</h1>\n</body>\n</html>\n');
    files.set('/etc/nginx/conf.d/default.conf', 'server {\n    listen       80;\n    listen  [::]:80;\n    server_name  localhost;\n\n    location / {\n        root   /usr/share/nginx/html;\n        index  index.html index.htm;\n    }\n}\n');
    files.set('/etc/nginx/nginx.conf', 'user  nginx;\nworker_processes  auto;\n\nerror_log  /var/log/nginx/error.log notice;\npid        /run/nginx.pid;\n\nevents {\n    worker_connections  1024;\n}\n\nhttp {\n    include       /etc/nginx/mime.types;\n    default_type  application/octet-stream;\n    sendfile        on;\n    keepalive_timeout  65;\n    include /etc/nginx/conf.d/*.conf;\n}\n');
  }
  return files;
}

const BASE_DIRS = ['/bin', '/boot', '/dev', '/etc', '/home', '/lib', '/media', '/mnt', '/opt', '/proc', '/root', '/run', '/sbin', '/srv', '/sys', '/tmp', '/usr', '/usr/bin', '/usr/local', '/var', '/var/log'];

/** shellContext assembles what the simulated shell sees inside one container. */
export function shellContext(pod: Pod, c: Container, img: ImageInfo, env: Record<string, string>, podIP: string | undefined, now: () => number): ShellContext {
  const main = img.repository === 'nginx' ? 'nginx: master process nginx -g daemon off;' : [...(c.command ?? []), ...(c.args ?? [])].join(' ') || img.repository.split('/').pop()!;
  const processes = [{ pid: 1, user: 'root', command: main }];
  if (img.repository === 'nginx') processes.push({ pid: 29, user: 'nginx', command: 'nginx: worker process' }, { pid: 30, user: 'nginx', command: 'nginx: worker process' });
  return {
    hostname: pod.spec?.hostname ?? pod.metadata?.name ?? '',
    env: { ...env },
    files: containerFiles(pod, img, podIP),
    dirs: new Set(BASE_DIRS),
    processes,
    cwd: c.workingDir ?? '/',
    now,
    programs: new Set([...BASE_PROGRAMS, ...(img.repository === 'nginx' ? ['nginx'] : []), ...(img.programs ?? []), ...(img.serverCommands ?? []).map((p) => p.split('/').pop()!)]),
  };
}
