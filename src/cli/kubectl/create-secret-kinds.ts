import { readFileSync } from 'node:fs';
import { X509Certificate, createPrivateKey, type KeyObject } from 'node:crypto';
import type { Command } from './command.js';
import { COMMON, generated, meta, nameArg, outputBuiltIn } from './create-kit.js';
import { dryRunOf } from './print-result.js';
import { kindOf } from './targets.js';
import { goJSON } from './go-json.js';

// `kubectl create secret tls` and `kubectl create secret docker-registry` (create_secret_tls.go,
// create_secret_docker.go): a Secret of kubernetes.io/tls or kubernetes.io/dockerconfigjson.

/** GO_FILE_ERRORS are Go's words for the file errors os.ReadFile reports, by Node's error code. */
const GO_FILE_ERRORS: Record<string, [string, string]> = {
  ENOENT: ['open', 'no such file or directory'],
  EACCES: ['open', 'permission denied'],
  EISDIR: ['read', 'is a directory'],
};

/** readFile reads a --cert/--key file, failing as kubectl's readFile does; undefined for an error not worded here. */
function readFile(file: string): Buffer | undefined {
  try {
    return readFileSync(file);
  } catch (err) {
    const go = GO_FILE_ERRORS[(err as NodeJS.ErrnoException).code ?? ''];
    if (!go) return undefined;
    throw new Error(`Cannot read file ${file}, ${go[0]} ${file}: ${go[1]}`);
  }
}

/**
 * checkKeyPair stands for Go's tls.X509KeyPair check: a certificate and a private key that belongs to it, with
 * Go's words for a key of another type or another key; false for files Node cannot read as a certificate and a key
 * (Go's words for those are not reproduced: the line is left to a real kubectl).
 */
function checkKeyPair(certPEM: Buffer, keyPEM: Buffer): boolean {
  let cert: X509Certificate;
  let key: KeyObject;
  try {
    cert = new X509Certificate(certPEM);
    key = createPrivateKey(keyPEM);
  } catch {
    return false;
  }
  if (cert.publicKey.asymmetricKeyType !== key.asymmetricKeyType) throw new Error('tls: private key type does not match public key type');
  if (!cert.checkPrivateKey(key)) throw new Error('tls: private key does not match public key');
  return true;
}

const secretTlsCmd: Command = {
  flags: { ...COMMON, '--cert': ['value'], '--key': ['value'] },
  async run(ctx) {
    if (!outputBuiltIn(ctx)) return undefined;
    const name = nameArg(ctx, 'secret tls');
    const dryRun = dryRunOf(ctx);
    if (dryRun instanceof Error) throw dryRun;
    const certFile = ctx.flags.str('--cert') ?? '';
    const keyFile = ctx.flags.str('--key') ?? '';
    if (!certFile || !keyFile) throw new Error('key and cert must be specified');
    const cert = readFile(certFile);
    if (!cert) return undefined;
    const key = readFile(keyFile);
    if (!key || !checkKeyPair(cert, key)) return undefined;
    return generated(ctx, 'failed to create secret ', kindOf('secrets'), (ns) => ({
      kind: 'Secret',
      apiVersion: 'v1',
      metadata: meta(name, ns),
      data: { 'tls.crt': cert.toString('base64'), 'tls.key': key.toString('base64') },
      type: 'kubernetes.io/tls',
    }));
  },
};

/**
 * dockerConfigJSON is the `.dockerconfigjson` kubectl writes: Go's compact json.Marshal of
 * {"auths":{SERVER:{username,password,email,auth}}}, empty fields left out, auth being base64 of `user:password`.
 */
function dockerConfigJSON(server: string, username: string, password: string, email: string): string {
  const entry = {
    ...(username ? { username } : {}),
    ...(password ? { password } : {}),
    ...(email ? { email } : {}),
    auth: Buffer.from(`${username}:${password}`).toString('base64'),
  };
  return goJSON({ auths: { [server]: entry } }, { sort: false, indent: 0 });
}

const secretDockerRegistryCmd: Command = {
  flags: { ...COMMON, '--docker-server': ['value'], '--docker-username': ['value'], '--docker-password': ['value'], '--docker-email': ['value'] },
  async run(ctx) {
    if (!outputBuiltIn(ctx)) return undefined;
    const name = nameArg(ctx, 'secret docker-registry');
    const dryRun = dryRunOf(ctx);
    if (dryRun instanceof Error) throw dryRun;
    const server = ctx.flags.str('--docker-server') ?? 'https://index.docker.io/v1/';
    const username = ctx.flags.str('--docker-username') ?? '';
    const password = ctx.flags.str('--docker-password') ?? '';
    const email = ctx.flags.str('--docker-email') ?? '';
    if (!username || !password || !server) throw new Error('either --from-file or the combination of --docker-username, --docker-password and --docker-server is required');
    const config = dockerConfigJSON(server, username, password, email);
    return generated(ctx, 'failed to create secret ', kindOf('secrets'), (ns) => ({
      kind: 'Secret',
      apiVersion: 'v1',
      metadata: meta(name, ns),
      data: { '.dockerconfigjson': Buffer.from(config).toString('base64') },
      type: 'kubernetes.io/dockerconfigjson',
    }));
  },
};

export { secretTlsCmd, secretDockerRegistryCmd };
