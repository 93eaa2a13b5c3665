import { openProfile } from '../profile/profile.js';
import { readProfileFile } from '../profile/profile-file.js';
import { profileDir } from '../profile/paths.js';
import { readCerts } from '../profile/certs.js';
import type { AddonState } from '../apiserver/http/addons-api.js';
import { daemonRequest } from './daemon-api.js';
import { forProfile } from './status.js';
import { renderBoxTable } from './profile.js';
import { CliError, ExitCode, out } from './output.js';

/**
 * addons is `minik9s addons list|enable NAME|disable NAME`, as minikube's: the change is made on the running
 * cluster and kept in the profile, so the next start has it too.
 */
export async function addons(profile: string, sub: string | undefined, name: string | undefined): Promise<number> {
  if (sub === 'list' || sub === undefined) {
    const { addons: list } = await daemonRequest<{ addons: AddonState[] }>(profile, 'GET', '/minik9s/v1/addons');
    const rows = list.map((a) => [a.name, profile, a.enabled ? 'enabled ✅' : 'disabled', a.maintainer]);
    process.stdout.write(renderBoxTable(['ADDON NAME', 'PROFILE', 'STATUS', 'MAINTAINER'], rows));
    return 0;
  }
  if (sub !== 'enable' && sub !== 'disable') throw new CliError('usage: minik9s addons list | addons enable NAME | addons disable NAME', ExitCode.Usage, 'MK_USAGE');
  if (!name) throw new CliError(`usage: minik9s addons ${sub} NAME (see "minik9s addons list")`, ExitCode.Usage, 'MK_USAGE');
  const enabled = sub === 'enable';
  const { addons: list } = await daemonRequest<{ addons: AddonState[] }>(profile, 'GET', '/minik9s/v1/addons');
  const addon = list.find((a) => a.name === name);
  if (!addon) throw new CliError(`The '${name}' addon is not a valid addon packaged with minik9s: see "minik9s addons list"`, ExitCode.Usage, 'MK_ADDON_ENABLE');
  if (addon.enabled === enabled) {
    out('tip', `The '${name}' addon is already ${enabled ? 'enabled' : 'disabled'}`);
    return 0;
  }
  if (enabled && name === 'ingress') out('option', 'Using image registry.k8s.io/ingress-nginx/controller:v1.13.2');
  await daemonRequest(profile, 'POST', '/minik9s/v1/addons', { name, enabled });
  if (enabled && name === 'ingress') {
    // As minikube does, the addon counts as enabled once its controller serves.
    out('healthCheck', 'Verifying ingress addon...');
    const cfg = readProfileFile(profile)!;
    const { waitForReadyPods } = await import('./wait.js');
    await waitForReadyPods(`https://127.0.0.1:${cfg.port}`, readCerts(profileDir(profile))!, 'ingress-nginx', 'app.kubernetes.io/component=controller', 360_000, 'enabling ingress addon');
  }
  const conf = openProfile(profile);
  conf?.set('addons', { ...(conf.get('addons') ?? {}), [name]: enabled });
  if (!enabled) out('addonDisable', `"The '${name}' addon is disabled"`);
  else {
    out('addonEnable', `The '${name}' addon is enabled`);
    if (name === 'dashboard') out('tip', `The dashboard is built into minik9s: open it with "${forProfile('minik9s dashboard', profile)}"`);
  }
  return 0;
}
