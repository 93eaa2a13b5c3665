import Conf from 'conf';
import { minik9sHome } from './paths.js';
import type { DashboardConfig } from '../tui/keyconfig.js';

/** openConfig opens the dashboard's settings, `$MINIK9S_HOME/dashboard.json`. */
function openConfig(): Conf<DashboardConfig> {
  return new Conf<DashboardConfig>({ cwd: minik9sHome(), configName: 'dashboard', projectName: 'minik9s', clearInvalidConfig: false });
}

/**
 * readDashboardConfig reads the dashboard's settings (kept with conf, beside the profiles): other keys, and
 * whether ctrl-k asks first. A missing file is the defaults; a file that is not JSON, or of the wrong shape,
 * throws with the path and the reason, so that the user's file is never silently ignored or rewritten.
 */
export function readDashboardConfig(): DashboardConfig {
  let conf: Conf<DashboardConfig>;
  try {
    conf = openConfig();
  } catch (err) {
    throw new Error(`${minik9sHome()}/dashboard.json: ${err instanceof Error ? err.message : String(err)}`);
  }
  const keys = conf.get('keys');
  const confirmKill = conf.get('confirmKill');
  if (keys !== undefined && (typeof keys !== 'object' || keys === null || Array.isArray(keys) || Object.values(keys).some((v) => typeof v !== 'string')))
    throw new Error(`${conf.path}: "keys" must map command names to keys, e.g. {"keys": {"delete": "ctrl-x"}}`);
  if (confirmKill !== undefined && typeof confirmKill !== 'boolean') throw new Error(`${conf.path}: "confirmKill" must be true or false`);
  return { keys, confirmKill };
}
