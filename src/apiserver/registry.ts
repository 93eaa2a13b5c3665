import type { KubeObject, ObjectList, WatchEvent } from '../api/types.js';
import { type KindInfo, apiVersionOf, kindFor } from '../api/kinds.js';
import { parseLabelSelector, parseFieldSelector, fromLabelSelector, SelectorError, type Selector, type FieldRequirement } from '../api/selectors.js';
import { randomSuffix, newUID } from '../api/names.js';
import { validateName } from '../api/validation.js';
import { required } from '../api/field-errors.js';
import type { Store, StoreEvent } from '../store/store.js';
import { StoreError } from '../store/store.js';
import type { Clock } from '../cluster/clock.js';
import { ApiError, notFound, alreadyExists, conflict, invalid, badRequest, gone, forbidden, failure, methodNotAllowed, tooLargeResourceVersion } from './errors.js';
import { type PatchType, mergePatch, jsonPatch, strategicMergePatch } from './patch.js';
import { strategyFor, type Strategy } from './strategies.js';
import { recordUpdate, applyConfig, keepTimesIfOnlyTimesChanged } from './managed-fields.js';
import { cloneJSON } from '../api/clone.js';

/** WriteOptions are the query parameters every write accepts. */
export interface WriteOptions {
  dryRun?: boolean;
  fieldManager?: string;
  /** Write to a subresource (`status`) instead of the main resource. */
  subresource?: string;
}

/** DeleteOptions are the options of a DELETE, from its body or query. */
export interface DeleteOptions {
  gracePeriodSeconds?: number;
  propagationPolicy?: 'Background' | 'Foreground' | 'Orphan';
  preconditions?: { uid?: string; resourceVersion?: string };
  dryRun?: boolean;
}

/** ListOptions select and page a list. */
export interface ListOptions {
  labelSelector?: string;
  fieldSelector?: string;
  limit?: number;
  continue?: string;
  resourceVersion?: string;
}

/** WatchOptions start a watch. */
export interface WatchOptions {
  labelSelector?: string;
  fieldSelector?: string;
  resourceVersion?: string;
  allowWatchBookmarks?: boolean;
  sendInitialEvents?: boolean;
}

/** Watch is a running watch; stop() ends it. */
export interface Watch {
  stop(): void;
}

/** Filter decides which objects a list or watch selects. */
interface Filter {
  labels: Selector;
  fields: FieldRequirement[];
}

/** formatTime prints a timestamp as Kubernetes does: RFC 3339 in UTC with whole seconds. */
export function formatTime(ms: number): string {
  return new Date(ms).toISOString().replace(/\.\d{3}Z$/, 'Z');
}

const SYSTEM_NAMESPACE_KINDS = new Set(['Namespace', 'Node']);

/**
 * Registry holds the semantics of the Kubernetes API over the store: defaults, validation, names, uids,
 * generation, optimistic concurrency, graceful deletion, finalizers and ownership, selectors and watches.
 * The HTTP front and the in-process client both call it, so everything behaves the same either way.
 */
export class Registry {
  constructor(
    readonly store: Store,
    readonly clock: Clock,
    readonly random: () => number = Math.random,
  ) {}

  /** keyOf is where an object lives in the store: `/pods/default/web`, `/deployments.apps/default/web`. */
  keyOf(k: KindInfo, namespace: string | undefined, name?: string): string {
    const res = k.group ? `${k.resource}.${k.group}` : k.resource;
    let key = `/${res}/`;
    if (k.namespaced && namespace) key += `${namespace}/`;
    if (name !== undefined) key += name;
    return key;
  }

  private strategy(k: KindInfo): Strategy {
    return strategyFor(k);
  }

  get(k: KindInfo, namespace: string | undefined, name: string): KubeObject {
    const obj = this.store.get(this.keyOf(k, namespace, name));
    if (!obj) throw notFound(k, name);
    return obj;
  }

  list(k: KindInfo, namespace: string | undefined, opts: ListOptions = {}): ObjectList {
    const filter = this.filter(k, opts.labelSelector, opts.fieldSelector);
    const filtered = !filter.labels.empty() || filter.fields.length > 0;
    const prefix = this.keyOf(k, namespace);
    let after: string | undefined;
    if (opts.continue) {
      let token: { k: string; rv: number };
      try {
        token = JSON.parse(Buffer.from(opts.continue, 'base64url').toString('utf8')) as { k: string; rv: number };
      } catch {
        throw badRequest(`invalid continue token`);
      }
      if (typeof token?.k !== 'string' || !token.k.startsWith(prefix)) throw badRequest('invalid continue token');
      if (token.rv + 1 < this.store.compactedRevision)
        throw gone('The provided continue parameter is too old to display a consistent list result. You can start a new list without the continue parameter, or use the continue token in this response to retrieve the remainder of the results. Continuing with the provided token results in an inconsistent list - objects that were created, modified, or deleted between the time the first chunk was returned and now may show up in the list.');
      after = token.k;
    }
    const page = this.store.listPage(prefix, {
      after,
      limit: opts.limit && opts.limit > 0 ? opts.limit : undefined,
      filter: filtered ? (o) => this.matches(k, o, filter) : undefined,
    });
    const metadata: ObjectList['metadata'] = { resourceVersion: String(page.revision) };
    if (page.more) {
      const last = page.items[page.items.length - 1]!;
      metadata.continue = Buffer.from(JSON.stringify({ k: this.keyOf(k, last.metadata.namespace, last.metadata.name), rv: page.revision })).toString('base64url');
      // Like kube-apiserver, the count of what is left is given only for unfiltered lists.
      if (!filtered) metadata.remainingItemCount = page.remaining;
    }
    return { apiVersion: apiVersionOf(k), kind: k.listKind, metadata, items: page.items };
  }

  create(k: KindInfo, namespace: string | undefined, body: KubeObject, opts: WriteOptions = {}): KubeObject {
    return this.createObject(k, namespace, body, opts, false);
  }

  /** createObject creates; `applied` says the body comes from server-side apply and carries its managedFields. */
  private createObject(k: KindInfo, namespace: string | undefined, body: KubeObject, opts: WriteOptions, applied: boolean): KubeObject {
    if (opts.subresource) throw methodNotAllowed();
    const obj = this.checkBody(k, namespace, body);
    if (obj.metadata.resourceVersion) throw badRequest('resourceVersion should not be set on objects to be created');
    if (!obj.metadata.name && obj.metadata.generateName)
      obj.metadata.name = obj.metadata.generateName + randomSuffix(5, this.random);
    const name = obj.metadata.name ?? '';
    if (!name) throw invalid(k, '', [required('metadata.name', 'name or generateName is required')]);
    if (k.namespaced) this.checkNamespaceOpen(k, namespace!, name);
    for (const f of ['uid', 'creationTimestamp', 'deletionTimestamp', 'deletionGracePeriodSeconds', 'selfLink'] as const)
      delete (obj.metadata as Record<string, unknown>)[f];
    // The uid comes first: a strategy may use it (a Job's controller-uid selector and labels).
    obj.metadata.uid = newUID();
    obj.metadata.creationTimestamp = formatTime(this.clock.now());
    if (k.generation) obj.metadata.generation = 1;
    else delete obj.metadata.generation;
    k.defaults?.(obj);
    const strategy = this.strategy(k);
    strategy.prepareForCreate?.(obj, this);
    const errs = [...validateName(name, k.nameRule), ...(k.validate?.(obj) ?? [])];
    if (errs.length) throw invalid(k, name, errs);
    if (!applied) recordUpdate(k, undefined, obj, { manager: opts.fieldManager, time: obj.metadata.creationTimestamp });
    if (opts.dryRun) return obj;
    try {
      return this.store.create(this.keyOf(k, namespace, name), obj);
    } catch (err) {
      if (err instanceof StoreError && err.code === 'AlreadyExists') throw alreadyExists(k, name);
      throw err;
    }
  }

  update(k: KindInfo, namespace: string | undefined, name: string, body: KubeObject, opts: WriteOptions = {}): KubeObject {
    const key = this.keyOf(k, namespace, name);
    const old = this.store.get(key);
    if (!old) throw notFound(k, name);
    const obj = this.checkBody(k, namespace, body);
    if (obj.metadata.name && obj.metadata.name !== name)
      throw badRequest(`the name of the object (${obj.metadata.name}) does not match the name on the URL (${name})`);
    const rv = obj.metadata.resourceVersion;
    if (rv && rv !== old.metadata.resourceVersion) throw conflict(k, name);
    return this.write(k, key, old, obj, opts);
  }

  /**
   * write runs an update of old to next: subresource rules, defaults, validation, generation, finalizers, and the
   * writer's managedFields entry (unless `applied`: server-side apply has set them).
   */
  private write(k: KindInfo, key: string, old: KubeObject, next: KubeObject, opts: WriteOptions & ManagedOptions): KubeObject {
    let obj: KubeObject;
    // Stored objects are frozen: a subresource write shares the untouched parts of the old version (a shallow
    // copy of the top level, metadata and spec is all that later steps assign to), which keeps the watch history
    // small when the kubelet posts the status of thousands of pods.
    if (opts.subresource === 'status') {
      obj = { ...old, metadata: { ...old.metadata }, spec: shallow(old.spec), status: next.status };
    } else if (opts.subresource === 'finalize' && k.kind === 'Namespace') {
      obj = { ...old, metadata: { ...old.metadata }, spec: next.spec, status: shallow(old.status) };
    } else if (opts.subresource) {
      throw failure(404, 'NotFound', `the server could not find the requested resource`);
    } else {
      obj = next;
      if (k.hasStatus) {
        if (old.status === undefined) delete obj.status;
        else obj.status = shallow(old.status);
      }
    }
    // Fields the system owns cannot be changed by a write.
    const m = obj.metadata;
    m.name = old.metadata.name;
    if (k.namespaced) m.namespace = old.metadata.namespace;
    m.uid = old.metadata.uid;
    m.creationTimestamp = old.metadata.creationTimestamp;
    if (old.metadata.generation === undefined) delete m.generation;
    else m.generation = old.metadata.generation;
    if (old.metadata.deletionTimestamp) {
      m.deletionTimestamp = old.metadata.deletionTimestamp;
      m.deletionGracePeriodSeconds = old.metadata.deletionGracePeriodSeconds;
    } else {
      delete m.deletionTimestamp;
      delete m.deletionGracePeriodSeconds;
    }
    delete m.resourceVersion;
    if (!opts.subresource) k.defaults?.(obj);
    this.strategy(k).prepareForUpdate?.(obj, old, this, opts.subresource);
    const errs = k.validate?.(obj, old) ?? [];
    if (errs.length) throw invalid(k, old.metadata.name ?? '', errs);
    if (!opts.applied)
      recordUpdate(k, old, obj, { manager: opts.fieldManager, subresource: opts.managerSubresource ?? opts.subresource, time: formatTime(this.clock.now()) });
    if (k.generation && specChanged(old, obj)) m.generation = (old.metadata.generation ?? 0) + 1;
    m.resourceVersion = old.metadata.resourceVersion;
    // A no-op write changes nothing, not even the resourceVersion or the times of managedFields.
    const managedFields = m.managedFields;
    if (keepTimesIfOnlyTimesChanged(old, obj) && !sameObject(old, obj)) m.managedFields = managedFields;
    if (sameObject(old, obj)) return old;
    delete m.resourceVersion;
    if (opts.dryRun) return obj;
    // Like kube-apiserver's ShouldDeleteDuringUpdate: an update that leaves a deleted object with nothing to
    // wait for removes it, but never cuts a graceful deletion short.
    if (m.deletionTimestamp && !old.metadata.deletionGracePeriodSeconds && this.finalized(k, obj)) {
      return this.store.delete(key);
    }
    return this.store.update(key, obj);
  }

  patch(
    k: KindInfo,
    namespace: string | undefined,
    name: string,
    type: PatchType,
    patch: unknown,
    opts: WriteOptions & ManagedOptions & { force?: boolean; check?: (patched: KubeObject) => void } = {},
  ): KubeObject {
    const key = this.keyOf(k, namespace, name);
    const old = this.store.get(key);
    if (!old) {
      if (type === 'apply' && !opts.subresource) {
        const obj = this.checkBody(k, namespace, patch as KubeObject);
        obj.metadata.name ??= name;
        const applied = applyConfig(k, undefined, obj, { manager: opts.fieldManager, time: formatTime(this.clock.now()) });
        return this.createObject(k, namespace, applied, opts, true);
      }
      throw notFound(k, name);
    }
    if (typeof patch !== 'object' || patch === null) throw badRequest('the patch body must be a JSON object or array');
    if (type === 'apply') {
      // Server-side apply: merge, prune and conflicts by field ownership (managed-fields.ts).
      const config = this.checkBody(k, namespace, patch as KubeObject);
      const sub = opts.managerSubresource ?? opts.subresource;
      const obj = applyConfig(k, old, config, { manager: opts.fieldManager, subresource: sub, force: opts.force, time: formatTime(this.clock.now()) });
      opts.check?.(obj);
      const rv = config.metadata.resourceVersion;
      if (rv && rv !== old.metadata.resourceVersion) throw conflict(k, name);
      obj.apiVersion = old.apiVersion;
      obj.kind = old.kind;
      return this.write(k, key, old, obj, { ...opts, applied: true });
    }
    const current = cloneJSON(old) as unknown as Parameters<typeof mergePatch>[0];
    let patched: unknown;
    switch (type) {
      case 'json':
        patched = jsonPatch(current, patch);
        break;
      case 'merge':
        patched = mergePatch(current, patch as never);
        break;
      case 'strategic':
        patched = strategicMergePatch(current, patch as never);
        break;
    }
    if (typeof patched !== 'object' || patched === null || Array.isArray(patched))
      throw badRequest('the patch produced something that is not an object');
    const obj = patched as KubeObject;
    opts.check?.(obj);
    obj.metadata ??= {};
    const rv = obj.metadata.resourceVersion;
    if (rv && rv !== old.metadata.resourceVersion) throw conflict(k, name);
    if (obj.apiVersion !== old.apiVersion || obj.kind !== old.kind) {
      obj.apiVersion = old.apiVersion;
      obj.kind = old.kind;
    }
    return this.write(k, key, old, obj, opts);
  }

  delete(k: KindInfo, namespace: string | undefined, name: string, opts: DeleteOptions = {}): KubeObject {
    const key = this.keyOf(k, namespace, name);
    const old = this.store.get(key);
    if (!old) throw notFound(k, name);
    const pre = opts.preconditions;
    if (pre?.uid && pre.uid !== old.metadata.uid)
      throw conflict(k, name, `Precondition failed: UID in precondition: ${pre.uid}, UID in object meta: ${old.metadata.uid}`);
    if (pre?.resourceVersion && pre.resourceVersion !== old.metadata.resourceVersion)
      throw conflict(k, name, `Precondition failed: ResourceVersion in precondition: ${pre.resourceVersion}, ResourceVersion in object meta: ${old.metadata.resourceVersion}`);

    const obj = cloneJSON(old) as KubeObject;
    const m = obj.metadata;
    const finalizers = new Set(m.finalizers ?? []);
    if (!m.deletionTimestamp) {
      if (opts.propagationPolicy === 'Foreground') finalizers.add('foregroundDeletion');
      if (opts.propagationPolicy === 'Orphan') finalizers.add('orphan');
    }
    m.finalizers = finalizers.size ? [...finalizers] : undefined;
    if (!m.finalizers) delete m.finalizers;

    const grace = this.strategy(k).gracePeriod?.(old, opts) ?? 0;
    const now = this.clock.now();
    if (m.deletionTimestamp) {
      // Already terminating: a shorter grace period may hurry it along; finalizers still hold it.
      const remaining = Date.parse(m.deletionTimestamp) - now;
      if (grace * 1000 < remaining) {
        m.deletionTimestamp = formatTime(now + grace * 1000);
        m.deletionGracePeriodSeconds = grace;
      }
      if (grace === 0 && this.finalized(k, obj)) return opts.dryRun ? old : this.store.delete(key);
      if (sameObject(old, obj) || opts.dryRun) return old;
      delete m.resourceVersion;
      return this.store.update(key, obj);
    }
    if (grace > 0 || !this.finalized(k, obj)) {
      m.deletionTimestamp = formatTime(now + grace * 1000);
      m.deletionGracePeriodSeconds = grace;
      // BeforeDelete bumps the generation of the kinds that keep one (generation > 0).
      if ((m.generation ?? 0) > 0) m.generation = m.generation! + 1;
      this.strategy(k).prepareForDelete?.(obj, this);
      if (opts.dryRun) return obj;
      delete m.resourceVersion;
      return this.store.update(key, obj);
    }
    if (opts.dryRun) return old;
    return this.store.delete(key);
  }

  /** getScale reads the scale subresource (autoscaling/v1 Scale) of a Deployment or ReplicaSet. */
  getScale(k: KindInfo, namespace: string | undefined, name: string): KubeObject {
    if (!k.subresources.some((s) => s.name === 'scale')) throw failure(404, 'NotFound', 'the server could not find the requested resource');
    const obj = this.get(k, namespace, name);
    const spec = (obj.spec ?? {}) as { replicas?: number; selector?: Parameters<typeof formatSelectorForScale>[0] };
    const status = (obj.status ?? {}) as { replicas?: number };
    return {
      kind: 'Scale',
      apiVersion: 'autoscaling/v1',
      metadata: {
        name: obj.metadata.name,
        namespace: obj.metadata.namespace,
        uid: obj.metadata.uid,
        resourceVersion: obj.metadata.resourceVersion,
        creationTimestamp: obj.metadata.creationTimestamp,
      },
      spec: { replicas: spec.replicas ?? 0 },
      status: { replicas: status.replicas ?? 0, selector: formatSelectorForScale(spec.selector) },
    };
  }

  /** patchScale / updateScale change spec.replicas through the scale subresource (kubectl scale). */
  updateScale(k: KindInfo, namespace: string | undefined, name: string, scale: KubeObject, type?: PatchType, opts: WriteOptions = {}): KubeObject {
    const current = this.getScale(k, namespace, name);
    const next = type
      ? (type === 'json' ? jsonPatch(current as never, scale) : mergePatch(current as never, scale as never)) as unknown as KubeObject
      : scale;
    const replicas = (next.spec as { replicas?: unknown } | undefined)?.replicas;
    if (typeof replicas !== 'number' || !Number.isInteger(replicas) || replicas < 0)
      throw invalid({ group: 'autoscaling', kind: 'Scale' }, name, [{ type: 'Invalid', field: 'spec.replicas', value: replicas, detail: 'must be greater than or equal to 0' }]);
    const rv = next.metadata?.resourceVersion;
    if (rv && rv !== current.metadata.resourceVersion) throw conflict(k, name);
    const updated = this.patch(k, namespace, name, 'merge', { spec: { replicas } }, { dryRun: opts.dryRun, fieldManager: opts.fieldManager, managerSubresource: 'scale' });
    // A dry run changes nothing: answer with the Scale it would have made.
    return opts.dryRun ? { ...current, spec: { replicas: (updated.spec as { replicas?: number }).replicas } } : this.getScale(k, namespace, name);
  }

  /** createSubresource handles POSTs to a subresource: pods/binding assigns a pod to a node. */
  createSubresource(k: KindInfo, namespace: string | undefined, name: string, sub: string, body: KubeObject): KubeObject {
    if (k.kind === 'Pod' && sub === 'binding') return this.bind(k, namespace, name, body);
    if (k.kind === 'Pod' && sub === 'eviction') return this.evict(k, namespace, name, body);
    throw failure(404, 'NotFound', 'the server could not find the requested resource');
  }

  /**
   * evict deletes a pod the way the Eviction API does (kubectl drain): refused with 429 when a
   * PodDisruptionBudget selecting the pod would drop below its minimum.
   */
  private evict(k: KindInfo, namespace: string | undefined, name: string, body: KubeObject): KubeObject {
    const pod = this.get(k, namespace, name);
    const pdbKind = kindFor('policy/v1', 'PodDisruptionBudget');
    if (pdbKind && !pod.metadata.deletionTimestamp) {
      const pods = this.list(k, namespace).items;
      for (const pdb of this.list(pdbKind, namespace).items) {
        const spec = (pdb.spec ?? {}) as { selector?: Parameters<typeof fromLabelSelector>[0]; minAvailable?: number | string; maxUnavailable?: number | string };
        const sel = fromLabelSelector(spec.selector);
        if (!sel.matches(pod.metadata.labels)) continue;
        const selected = pods.filter((p) => sel.matches(p.metadata.labels));
        const healthy = selected.filter((p) => !p.metadata.deletionTimestamp && ((p.status as { conditions?: { type: string; status: string }[] } | undefined)?.conditions ?? []).some((c) => c.type === 'Ready' && c.status === 'True')).length;
        const pct = (v: number | string, roundUp: boolean) => {
          if (typeof v === 'number') return v;
          const n = (Number.parseInt(v, 10) * selected.length) / 100;
          return roundUp ? Math.ceil(n) : Math.floor(n);
        };
        const minAvailable =
          spec.minAvailable !== undefined ? pct(spec.minAvailable, true) : spec.maxUnavailable !== undefined ? selected.length - pct(spec.maxUnavailable, false) : 0;
        if (healthy - 1 < minAvailable)
          throw failure(429, 'TooManyRequests', "Cannot evict pod as it would violate the pod's disruption budget.", {
            causes: [{ reason: 'DisruptionBudget', message: `The disruption budget ${pdb.metadata.name} needs ${minAvailable} healthy pods and has ${healthy} currently` }],
          });
      }
    }
    const opts = ((body as { deleteOptions?: DeleteOptions }).deleteOptions ?? {}) as DeleteOptions;
    this.delete(k, namespace, name, opts);
    return { kind: 'Status', apiVersion: 'v1', metadata: {}, status: 'Success', code: 201 } as unknown as KubeObject;
  }

  private bind(k: KindInfo, namespace: string | undefined, name: string, body: KubeObject): KubeObject {
    const key = this.keyOf(k, namespace, name);
    const pod = this.store.get(key);
    if (!pod) throw notFound(k, name);
    const target = (body as { target?: { kind?: string; name?: string } }).target;
    if (!target?.name) throw invalid({ group: '', kind: 'Binding' }, name, [required('target.name')]);
    const spec = pod.spec as { nodeName?: string };
    const binding = { group: '', resource: 'pods/binding' };
    if (spec.nodeName) throw conflict(binding, name, `pod ${name} is already assigned to node "${spec.nodeName}"`);
    if (pod.metadata.deletionTimestamp) throw conflict(binding, name, `pod ${name} is being deleted, cannot be assigned to a host`);
    // Stored objects are frozen, so the new version shares every part the binding leaves alone.
    const oldStatus = (pod.status ?? {}) as { conditions?: { type: string }[] };
    const conditions = [
      ...(oldStatus.conditions ?? []).filter((c) => c.type !== 'PodScheduled'),
      { type: 'PodScheduled', status: 'True', lastProbeTime: null, lastTransitionTime: formatTime(this.clock.now()) },
    ];
    const next = { ...pod, metadata: { ...pod.metadata }, spec: { ...spec, nodeName: target.name }, status: { ...oldStatus, conditions } } as KubeObject;
    delete next.metadata.resourceVersion;
    this.store.update(key, next);
    return { kind: 'Status', apiVersion: 'v1', metadata: {}, status: 'Success', code: 201 } as unknown as KubeObject;
  }

  /** deleteCollection deletes every selected object, each as a single delete would. */
  deleteCollection(k: KindInfo, namespace: string | undefined, listOpts: ListOptions, opts: DeleteOptions): ObjectList {
    const list = this.list(k, namespace, { labelSelector: listOpts.labelSelector, fieldSelector: listOpts.fieldSelector });
    const items: KubeObject[] = [];
    for (const o of list.items) {
      try {
        items.push(this.delete(k, o.metadata.namespace, o.metadata.name!, opts));
      } catch (err) {
        if (!(err instanceof ApiError && err.code === 404)) throw err;
      }
    }
    return { ...list, items };
  }

  /** finalized is true when nothing holds the object back from removal. */
  private finalized(k: KindInfo, obj: KubeObject): boolean {
    if ((obj.metadata.finalizers ?? []).length) return false;
    if (k.kind === 'Namespace') return ((obj.spec as { finalizers?: string[] } | undefined)?.finalizers ?? []).length === 0;
    return true;
  }

  /**
   * watch streams changes of one kind to sink. Without a resourceVersion (or with "0") it first replays the
   * current state as ADDED events; with sendInitialEvents it then marks the end with a bookmark.
   */
  watch(k: KindInfo, namespace: string | undefined, opts: WatchOptions, sink: (e: WatchEvent) => void): Watch {
    const filter = this.filter(k, opts.labelSelector, opts.fieldSelector);
    const rv = opts.resourceVersion ? Number(opts.resourceVersion) : 0;
    if (opts.resourceVersion && !Number.isInteger(rv)) throw badRequest(`invalid resource version: ${opts.resourceVersion}`);
    const replay = opts.sendInitialEvents || !rv;
    const prefix = this.keyOf(k, namespace);
    let initial: KubeObject[] = [];
    let from = rv;
    if (replay) {
      const listed = this.store.list(prefix);
      initial = listed.items.filter((o) => this.matches(k, o, filter));
      from = listed.revision;
    } else if (rv > this.store.revision) {
      // A revision this store has not reached (the client saw an earlier life of the cluster): refuse, as
      // kube-apiserver does once its watch cache gives up waiting, and the client relists.
      throw tooLargeResourceVersion(rv, this.store.revision);
    }
    const onEvent = (e: StoreEvent) => {
      const ev = this.translate(k, e, filter);
      if (ev) sink(ev);
    };
    for (const o of initial) sink({ type: 'ADDED', object: o });
    if (opts.sendInitialEvents) {
      sink({
        type: 'BOOKMARK',
        object: {
          kind: k.kind,
          apiVersion: apiVersionOf(k),
          metadata: { resourceVersion: String(from), annotations: { 'k8s.io/initial-events-end': 'true' } },
        },
      });
    }
    try {
      return this.store.watch(prefix, from, onEvent);
    } catch (err) {
      if (err instanceof StoreError && err.code === 'Expired') throw gone(`too old resource version: ${rv} (${this.store.compactedRevision})`);
      throw err;
    }
  }

  private translate(k: KindInfo, e: StoreEvent, filter: Filter): WatchEvent | undefined {
    const now = this.matches(k, e.object, filter);
    if (e.type === 'ADDED') return now ? { type: 'ADDED', object: e.object } : undefined;
    const before = e.prev ? this.matches(k, e.prev, filter) : false;
    if (e.type === 'DELETED') return before ? { type: 'DELETED', object: e.object } : undefined;
    if (now && before) return { type: 'MODIFIED', object: e.object };
    if (now) return { type: 'ADDED', object: e.object };
    if (before) return { type: 'DELETED', object: e.object };
    return undefined;
  }

  private filter(k: KindInfo, labelSelector?: string, fieldSelector?: string): Filter {
    try {
      const labels = parseLabelSelector(labelSelector);
      const fields = parseFieldSelector(fieldSelector);
      for (const f of fields) {
        if (f.field !== 'metadata.name' && f.field !== 'metadata.namespace' && !(f.field in k.fields))
          throw badRequest(`field label not supported: ${f.field}`);
      }
      return { labels, fields };
    } catch (err) {
      if (err instanceof SelectorError) throw badRequest(err.message);
      throw err;
    }
  }

  private matches(k: KindInfo, o: KubeObject, f: Filter): boolean {
    if (!f.labels.matches(o.metadata.labels)) return false;
    for (const r of f.fields) {
      let v: string;
      if (r.field === 'metadata.name') v = o.metadata.name ?? '';
      else if (r.field === 'metadata.namespace') v = o.metadata.namespace ?? '';
      else v = k.fields[r.field]!(o);
      if ((v === r.value) !== (r.op === '=')) return false;
    }
    return true;
  }

  /** checkBody checks the apiVersion, kind and namespace of a request body and returns a private copy. */
  private checkBody(k: KindInfo, namespace: string | undefined, body: KubeObject): KubeObject {
    if (typeof body !== 'object' || body === null || Array.isArray(body)) throw badRequest('the request body must be a JSON object');
    const obj = cloneJSON(body) as KubeObject;
    const apiVersion = apiVersionOf(k);
    if (obj.apiVersion && obj.apiVersion !== apiVersion)
      throw badRequest(`the API version in the data (${obj.apiVersion}) does not match the expected API version (${apiVersion})`);
    if (obj.kind && obj.kind !== k.kind) {
      const other = kindFor(obj.apiVersion ?? apiVersion, obj.kind);
      throw badRequest(`the kind in the data (${obj.kind}) does not match the expected kind (${k.kind})${other ? '' : ''}`);
    }
    obj.apiVersion = apiVersion;
    obj.kind = k.kind;
    if (typeof obj.metadata !== 'object' || obj.metadata === null) obj.metadata = {};
    if (k.namespaced) {
      if (obj.metadata.namespace && namespace && obj.metadata.namespace !== namespace)
        throw badRequest('the namespace of the provided object does not match the namespace sent on the request');
      obj.metadata.namespace = namespace;
    } else delete obj.metadata.namespace;
    return obj;
  }

  private checkNamespaceOpen(k: KindInfo, namespace: string, name: string): void {
    if (SYSTEM_NAMESPACE_KINDS.has(k.kind)) return;
    const ns = this.store.get(`/namespaces/${namespace}`);
    if (!ns) throw notFound({ group: '', resource: 'namespaces' }, namespace);
    if (ns.metadata.deletionTimestamp || (ns.status as { phase?: string } | undefined)?.phase === 'Terminating') {
      throw forbidden(k, name, `unable to create new content in namespace ${namespace} because it is being terminated`, {
        reason: 'NamespaceTerminating',
        message: `namespace ${namespace} is being terminated`,
        field: 'metadata.namespace',
      });
    }
  }
}

/** ManagedOptions are the registry's own options of a write about managedFields. */
interface ManagedOptions {
  /** The managedFields are already set (server-side apply). */
  applied?: boolean;
  /** The subresource the write is recorded under when it differs from the one written (`scale`). */
  managerSubresource?: string;
}

/** specChanged is true when anything but metadata and status differs: what bumps metadata.generation. */
function specChanged(a: KubeObject, b: KubeObject): boolean {
  const keys = new Set([...Object.keys(a), ...Object.keys(b)]);
  for (const key of keys) {
    if (key === 'metadata' || key === 'status' || key === 'apiVersion' || key === 'kind') continue;
    if (JSON.stringify(a[key]) !== JSON.stringify(b[key])) return true;
  }
  return false;
}

/** sameObject compares two objects by content, key order aside. */
function sameObject(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (typeof a !== typeof b || a === null || b === null || typeof a !== 'object') return false;
  if (Array.isArray(a) !== Array.isArray(b)) return false;
  if (Array.isArray(a)) {
    const bb = b as unknown[];
    return a.length === bb.length && a.every((x, i) => sameObject(x, bb[i]));
  }
  const ao = a as Record<string, unknown>;
  const bo = b as Record<string, unknown>;
  const ak = Object.keys(ao).filter((k) => ao[k] !== undefined);
  const bk = Object.keys(bo).filter((k) => bo[k] !== undefined);
  return ak.length === bk.length && ak.every((k) => sameObject(ao[k], bo[k]));
}

/** formatSelectorForScale prints a label selector the way Scale.status.selector carries it (`app=web`). */
function formatSelectorForScale(sel: { matchLabels?: Record<string, string>; matchExpressions?: { key: string; operator: string; values?: string[] }[] } | undefined): string {
  if (!sel) return '';
  const parts = Object.entries(sel.matchLabels ?? {}).map(([k, v]) => `${k}=${v}`);
  for (const e of sel.matchExpressions ?? []) {
    if (e.operator === 'In') parts.push(`${e.key} in (${(e.values ?? []).join(',')})`);
    else if (e.operator === 'NotIn') parts.push(`${e.key} notin (${(e.values ?? []).join(',')})`);
    else if (e.operator === 'Exists') parts.push(e.key);
    else if (e.operator === 'DoesNotExist') parts.push(`!${e.key}`);
  }
  return parts.join(',');
}

/** shallow copies the top level of a (frozen, stored) value so a write can assign its fields. */
function shallow<T>(v: T): T {
  return v && typeof v === 'object' ? ({ ...v } as T) : v;
}
