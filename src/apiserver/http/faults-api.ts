import { badRequest, failure } from '../errors.js';

/** FAULTS_PATH is where the daemon takes fault injections: minik9s' own endpoint beside the Kubernetes API. */
export const FAULTS_PATH = '/minik9s/v1/faults';

/** Fault is one thing to break (or mend) in the simulation, so a learner can watch the cluster react. */
export type Fault =
  | { type: 'node-down' | 'node-up'; node: string }
  | { type: 'crash-container'; namespace: string; pod: string; container?: string; exitCode?: number; oomKilled?: boolean }
  | { type: 'fail-pulls' | 'restore-pulls'; image: string };

/** FaultInjector carries faults out (the cluster); it answers an error message, or undefined when done. */
export interface FaultInjector {
  injectFault(f: Fault): Promise<string | undefined>;
}

const str = (v: unknown): v is string => typeof v === 'string' && v.length > 0;

/** parseFault checks a request body and returns the fault it names, or throws a 400 saying what is wrong. */
export function parseFault(body: unknown): Fault {
  const b = (body ?? {}) as Record<string, unknown>;
  switch (b.type) {
    case 'node-down':
    case 'node-up':
      if (!str(b.node)) throw badRequest(`a ${b.type} fault needs "node"`);
      return { type: b.type, node: b.node };
    case 'crash-container':
      if (!str(b.namespace) || !str(b.pod)) throw badRequest('a crash-container fault needs "namespace" and "pod"');
      if (b.exitCode !== undefined && (!Number.isInteger(b.exitCode) || (b.exitCode as number) < 0 || (b.exitCode as number) > 255))
        throw badRequest('"exitCode" must be a whole number from 0 to 255');
      return {
        type: 'crash-container',
        namespace: b.namespace,
        pod: b.pod,
        container: str(b.container) ? b.container : undefined,
        exitCode: b.exitCode as number | undefined,
        oomKilled: b.oomKilled === true,
      };
    case 'fail-pulls':
    case 'restore-pulls':
      if (!str(b.image)) throw badRequest(`a ${b.type} fault needs "image"`);
      return { type: b.type, image: b.image };
    default:
      throw badRequest('"type" must be one of "node-down", "node-up", "crash-container", "fail-pulls", "restore-pulls"');
  }
}

/** serveFault takes a POST on FAULTS_PATH. */
export async function serveFault(injector: FaultInjector | undefined, method: string, body: unknown): Promise<unknown> {
  if (method !== 'POST') throw failure(405, 'MethodNotAllowed', 'the server does not allow this method on the requested resource');
  if (!injector) throw failure(404, 'NotFound', 'this server simulates no nodes to inject faults into');
  const fault = parseFault(body);
  const err = await injector.injectFault(fault);
  if (err) throw failure(404, 'NotFound', err);
  return { kind: 'Status', apiVersion: 'v1', metadata: {}, status: 'Success', message: `${fault.type} done`, code: 200 };
}
