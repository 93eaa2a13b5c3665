import { validateProfileName } from '../profile/profile-file.js';
import { daemonRequest } from './daemon-api.js';
import { isImageReference } from '../apiserver/http/images-api.js';
import { CliError, ExitCode } from './output.js';

/** displayName prints an image as minikube image ls does: with its registry (docker.io/library/ for bare names). */
function displayName(image: string): string {
  const first = image.split('/')[0]!;
  const hasRegistry = image.includes('/') && (first.includes('.') || first.includes(':') || first === 'localhost');
  if (hasRegistry) return image;
  return image.includes('/') ? `docker.io/${image}` : `docker.io/library/${image}`;
}

/**
 * image runs `minik9s image load NAME` (make an image runnable on the nodes without a pull, like minikube's,
 * and remember it for the next start) and `minik9s image ls`.
 */
export async function image(profile: string, sub: string | undefined, name: string | undefined): Promise<number> {
  const bad = validateProfileName(profile);
  if (bad) throw new CliError(bad, ExitCode.Usage, 'MK_USAGE');
  switch (sub) {
    case 'ls':
    case 'list': {
      const { images } = await daemonRequest<{ images: string[] }>(profile, 'GET', '/minik9s/v1/images');
      for (const i of images.map(displayName).sort()) process.stdout.write(`${i}\n`);
      return 0;
    }
    case 'load': {
      if (!name) throw new CliError('"minik9s image load" needs an image name, for example: minik9s image load myapp:1.0', ExitCode.Usage, 'MK_USAGE');
      if (!isImageReference(name)) throw new CliError(`invalid reference format: "${name}" is not an image name`, ExitCode.Usage, 'MK_USAGE');
      await daemonRequest(profile, 'POST', '/minik9s/v1/images', { name });
      const { openProfile } = await import('../profile/profile.js');
      const conf = openProfile(profile);
      const kept = new Set(conf?.get('images') ?? []);
      kept.add(name);
      conf?.set('images', [...kept].sort());
      return 0;
    }
    default:
      throw new CliError(`unknown image subcommand "${sub ?? ''}": use "minik9s image load NAME" or "minik9s image ls"`, ExitCode.Usage, 'MK_USAGE');
  }
}
