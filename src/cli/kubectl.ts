import { readProfileFile } from '../profile/profile-file.js';
import { CliError, ExitCode } from './output.js';

/**
 * kubectl runs `minik9s kubectl -- ARGS` as minikube does: kubectl against the profile's cluster (its context),
 * with kubectl's exit code returned. A command line the built-in kubectl knows (src/cli/kubectl/) runs in this
 * process, printing what kubectl 1.35 prints; any other goes to the kubectl on PATH ($MINIK9S_KUBECTL to name
 * another), with the terminal handed over.
 */
export async function kubectl(profile: string, args: string[]): Promise<number> {
  // What the built-in does not need is loaded only when used: this path is timed against kubectl's own ~70 ms.
  if (!readProfileFile(profile)) throw (await import('./status.js')).profileNotFound(profile);
  const { runKubectl } = await import('./kubectl/index.js');
  const builtIn = await runKubectl(args, { out: (t) => process.stdout.write(t), err: (t) => process.stderr.write(t) }, { context: profile });
  if (builtIn !== undefined) return builtIn;
  const bin = process.env.MINIK9S_KUBECTL || 'kubectl';
  const { execa } = await import('execa');
  const r = await execa(bin, ['--context', profile, ...args], { stdio: 'inherit', reject: false });
  if (r.failed && r.exitCode === undefined) {
    if ((r as { code?: string }).code === 'ENOENT' || /ENOENT/.test(String(r.message))) {
      // Nothing asked of kubectl (its help, or a command not built in) and no kubectl to ask: say what is built in.
      if (!args.some((a) => !a.startsWith('-'))) {
        const { builtInCommands } = await import('./kubectl/index.js');
        process.stdout.write(`minik9s kubectl runs kubectl commands on the "${profile}" cluster: minik9s kubectl -- get pods\n\nBuilt in (no kubectl needed): ${builtInCommands().join(', ')}.\nAnything else runs the kubectl on your PATH (or $MINIK9S_KUBECTL), and none was found.\n`);
        return 0;
      }
      throw new CliError(`kubectl was not found on PATH: install it (https://kubernetes.io/docs/tasks/tools/), or set MINIK9S_KUBECTL to its path`, ExitCode.Failure, 'MK_KUBECTL');
    }
    throw new CliError(`kubectl could not run: ${r.shortMessage}`, ExitCode.Failure, 'MK_KUBECTL');
  }
  return r.exitCode ?? 1;
}
