import { badRequest, failure } from '../errors.js';

/** ADDONS_PATH is where the daemon lists and switches addons (`minik9s addons ...`). */
export const ADDONS_PATH = '/minik9s/v1/addons';

/** AddonState is one row of `minik9s addons list`. */
export interface AddonState {
  name: string;
  enabled: boolean;
  maintainer: string;
}

/** AddonManager switches the simulated cluster's addons (the cluster). */
export interface AddonManager {
  addonEnabled(name: string): boolean;
  addonList(): AddonState[];
  /** An error message, or undefined once the addon is in that state. */
  setAddon(name: string, enabled: boolean): Promise<string | undefined>;
}

/** serveAddons answers ADDONS_PATH: GET lists the addons, POST {"name", "enabled"} switches one. */
export async function serveAddons(manager: AddonManager | undefined, method: string, body: unknown): Promise<unknown> {
  if (!manager) throw failure(404, 'NotFound', 'this server has no addons');
  if (method === 'GET') return { addons: manager.addonList() };
  if (method !== 'POST') throw failure(405, 'MethodNotAllowed', 'the server does not allow this method on the requested resource');
  const b = (body ?? {}) as { name?: unknown; enabled?: unknown };
  if (typeof b.name !== 'string' || typeof b.enabled !== 'boolean') throw badRequest('an addon change needs "name" (a string) and "enabled" (true or false)');
  const err = await manager.setAddon(b.name, b.enabled);
  if (err) throw failure(404, 'NotFound', err);
  return { addons: manager.addonList() };
}
