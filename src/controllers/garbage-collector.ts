import type { KubeObject } from '../api/types.js';
import { KINDS, type KindInfo } from '../api/kinds.js';
import { isNotFound, isConflict } from '../api/api-error.js';
import { Controller, type ControllerContext } from './controller.js';

const OWNED_KINDS = KINDS.filter((k) => k.kind !== 'Event');

interface Node {
  obj: KubeObject;
  kind: KindInfo;
}

/**
 * GarbageCollector deletes objects whose owners are gone (background propagation), and carries out the
 * `foregroundDeletion` and `orphan` finalizers: delete the dependents first, or cut them loose. It keeps a graph
 * of every object by uid, fed by informers on every kind.
 */
export class GarbageCollector extends Controller {
  private readonly byUid = new Map<string, Node>();
  private readonly dependents = new Map<string, Set<string>>();
  private readonly informers;

  constructor(ctx: ControllerContext) {
    super(ctx, 'garbage-collector-controller');
    this.informers = OWNED_KINDS.map((k) => ({ k, inf: ctx.informers.for(k) }));
    for (const { k, inf } of this.informers) {
      inf.on({
        add: (o) => this.upsert(k, o),
        update: (o, old) => this.upsert(k, o, old),
        delete: (o) => this.remove(o),
      });
    }
  }

  private upsert(kind: KindInfo, o: KubeObject, old?: KubeObject): void {
    const uid = o.metadata.uid!;
    this.byUid.set(uid, { obj: o, kind });
    for (const r of old?.metadata.ownerReferences ?? []) this.dependents.get(r.uid)?.delete(uid);
    for (const r of o.metadata.ownerReferences ?? []) {
      let set = this.dependents.get(r.uid);
      if (!set) this.dependents.set(r.uid, (set = new Set()));
      set.add(uid);
      this.enqueue(uid); // check that the owner exists
    }
    const fin = o.metadata.finalizers ?? [];
    if (o.metadata.deletionTimestamp && (fin.includes('foregroundDeletion') || fin.includes('orphan'))) this.enqueue(uid);
  }

  private remove(o: KubeObject): void {
    const uid = o.metadata.uid!;
    this.byUid.delete(uid);
    for (const r of o.metadata.ownerReferences ?? []) {
      this.dependents.get(r.uid)?.delete(uid);
      const owner = this.byUid.get(r.uid);
      if (owner?.obj.metadata.deletionTimestamp) this.enqueue(r.uid); // a foreground owner may now be free
    }
    for (const d of this.dependents.get(uid) ?? []) this.enqueue(d);
  }

  async reconcile(uid: string): Promise<void> {
    const node = this.byUid.get(uid);
    if (!node) return;
    await Promise.all(this.informers.map((i) => i.inf.synced));
    const o = node.obj;
    const fin = o.metadata.finalizers ?? [];
    if (o.metadata.deletionTimestamp && fin.includes('orphan')) return this.orphanDependents(node);
    if (o.metadata.deletionTimestamp && fin.includes('foregroundDeletion')) return this.deleteDependentsFirst(node);
    const refs = o.metadata.ownerReferences ?? [];
    if (!refs.length || o.metadata.deletionTimestamp) return;
    // Kept while any owner exists and is not itself waiting for its dependents to go (foreground deletion).
    const owners = refs.map((r) => this.byUid.get(r.uid));
    const foreground = (n: Node) => (n.obj.metadata.finalizers ?? []).includes('foregroundDeletion');
    if (owners.some((n) => n && !foreground(n))) return;
    await this.deleteObject(node, owners.some((n) => n && foreground(n)) ? 'Foreground' : 'Background');
  }

  private async deleteObject(node: Node, policy: 'Background' | 'Foreground'): Promise<void> {
    try {
      await this.ctx.client.delete(node.kind, node.obj.metadata.namespace, node.obj.metadata.name!, {
        propagationPolicy: policy,
        preconditions: { uid: node.obj.metadata.uid },
      });
    } catch (err) {
      if (!isNotFound(err) && !isConflict(err)) throw err;
    }
  }

  private async orphanDependents(node: Node): Promise<void> {
    const uid = node.obj.metadata.uid!;
    for (const d of [...(this.dependents.get(uid) ?? [])]) {
      const dep = this.byUid.get(d);
      if (!dep) continue;
      const refs = (dep.obj.metadata.ownerReferences ?? []).filter((r) => r.uid !== uid);
      try {
        await this.ctx.client.patch(dep.kind, dep.obj.metadata.namespace, dep.obj.metadata.name!, 'merge', {
          metadata: { ownerReferences: refs.length ? refs : null, uid: d },
        });
      } catch (err) {
        if (!isNotFound(err)) throw err;
      }
    }
    await this.removeFinalizer(node, 'orphan');
  }

  private async deleteDependentsFirst(node: Node): Promise<void> {
    const uid = node.obj.metadata.uid!;
    const deps = [...(this.dependents.get(uid) ?? [])].map((d) => this.byUid.get(d)).filter((d): d is Node => !!d);
    for (const dep of deps) if (!dep.obj.metadata.deletionTimestamp) await this.deleteObject(dep, 'Foreground');
    const blocking = deps.filter((d) => (d.obj.metadata.ownerReferences ?? []).some((r) => r.uid === uid && r.blockOwnerDeletion));
    if (blocking.length === 0) await this.removeFinalizer(node, 'foregroundDeletion');
  }

  private async removeFinalizer(node: Node, finalizer: string): Promise<void> {
    const fin = (node.obj.metadata.finalizers ?? []).filter((f) => f !== finalizer);
    try {
      await this.ctx.client.patch(node.kind, node.obj.metadata.namespace, node.obj.metadata.name!, 'merge', {
        metadata: { finalizers: fin.length ? fin : null, uid: node.obj.metadata.uid },
      });
    } catch (err) {
      if (!isNotFound(err)) throw err;
    }
  }
}
