import { openProfile, removeProfile, validateProfileName } from '../profile/profile.js';
import { profileDir } from '../profile/paths.js';
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
  out('deleted', `Removed all traces of the "${profile}" cluster.`);
  return 0;
}
