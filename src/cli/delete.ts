import { openProfile, removeProfile, validateProfileName } from '../profile/profile.js';
import { rmSync } from 'node:fs';
import path from 'node:path';
import { activeProfile, minik9sHome, profileDir } from '../profile/paths.js';
import { removeCluster } from '../profile/kubeconfig.js';
import { stopDaemon } from './stop.js';
import { CliError, ExitCode, err, out } from './output.js';

/** deleteProfile deletes a profile's cluster, its kubeconfig entries and its folder, like `minikube delete`. */
export async function deleteProfile(profile: string): Promise<number> {
  const bad = validateProfileName(profile);
  if (bad) throw new CliError(bad, ExitCode.Usage, 'MK_USAGE');
  const conf = openProfile(profile);
  if (!conf) {
    err('meh', `"${profile}" profile does not exist, trying anyways.`);
  } else {
    out('deleting', `Deleting "${profile}" in simulated ...`);
    await stopDaemon(conf.get('pid'));
    out('deleting', `Removing ${profileDir(profile)} ...`);
  }
  removeCluster(profile);
  removeProfile(profile);
  // The profile commands used without -p is gone: they go back to the default one.
  if (activeProfile() === profile) rmSync(path.join(minik9sHome(), 'config.json'), { force: true });
  out('deleted', `Removed all traces of the "${profile}" cluster.`);
  return 0;
}

/**
 * deleteAll deletes every profile, as `minikube delete --all`; with purge, $MINIK9S_HOME goes too (minikube's
 * --purge removes ~/.minikube).
 */
export async function deleteAll(purge: boolean): Promise<number> {
  const { listProfiles } = await import('../profile/profile.js');
  for (const name of listProfiles()) {
    const conf = openProfile(name);
    out('deleting', `Deleting "${name}" in simulated ...`);
    await stopDaemon(conf?.get('pid'));
    removeCluster(name);
    removeProfile(name);
    out('deleted', `Removed all traces of the "${name}" cluster.`);
  }
  out('deleting', 'Successfully deleted all profiles');
  if (purge) {
    const home = minik9sHome();
    rmSync(home, { recursive: true, force: true });
    out('deleted', `Successfully purged minik9s directory located at - [${home}]`);
  }
  return 0;
}
