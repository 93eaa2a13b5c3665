import type { Namespace } from 'kubernetes-types/core/v1.js';
import type { KubeObject } from '../api/types.js';
import { KINDS, mustKind } from '../api/kinds.js';
import { isNotFound } from '../api/api-error.js';
import { Controller, type ControllerContext } from './controller.js';

const nsKind = mustKind('v1', 'Namespace');
const NAMESPACED = KINDS.filter((k) => k.namespaced);

/** How often a terminating namespace is checked again while its content is still going away. */
const RECHECK_MS = 1000;

/**
 * NamespaceController empties a namespace being deleted: it deletes everything in it, waits until all of it is
 * gone (pods take their grace period), then removes the `kubernetes` finalizer so the namespace disappears.
 */
export class NamespaceController extends Controller {
  private readonly namespaces;

  constructor(ctx: ControllerContext) {
    super(ctx, 'namespace-controller');
    this.namespaces = ctx.informers.for<Namespace & KubeObject>(nsKind);
    const check = (ns: Namespace & KubeObject) => {
      if (ns.metadata.deletionTimestamp) this.enqueue(ns.metadata.name!);
    };
    this.namespaces.on({ add: check, update: check });
  }

  async reconcile(name: string): Promise<void> {
    const ns = this.namespaces.get(name);
    if (!ns?.metadata.deletionTimestamp) return;
    for (const k of NAMESPACED) {
      const list = await this.ctx.client.list(k, name);
      for (const o of list.items) {
        if (o.metadata.deletionTimestamp) continue;
        try {
          await this.ctx.client.delete(k, name, o.metadata.name!, { propagationPolicy: 'Background' });
        } catch (err) {
          if (!isNotFound(err)) throw err;
        }
      }
    }
    // Most things go at once; what is left (pods in their grace period) is waited for.
    let remaining = 0;
    for (const k of NAMESPACED) remaining += (await this.ctx.client.list(k, name)).items.length;
    if (remaining > 0) {
      this.queue.addAfter(name, RECHECK_MS);
      return;
    }
    try {
      await this.ctx.client.update(nsKind, undefined, { ...ns, metadata: { ...ns.metadata, resourceVersion: undefined }, spec: { finalizers: [] } } as KubeObject, {
        subresource: 'finalize',
      });
    } catch (err) {
      if (!isNotFound(err)) throw err;
    }
  }
}
