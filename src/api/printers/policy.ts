import type { PodDisruptionBudget } from 'kubernetes-types/policy/v1.js';
import type { Lease } from 'kubernetes-types/coordination/v1.js';
import { type Printer, col, nameColumn, ageColumn, sinceOf } from './table.js';

/** podDisruptionBudgetPrinter prints PDBs: NAME MIN AVAILABLE MAX UNAVAILABLE ALLOWED DISRUPTIONS AGE. */
export const podDisruptionBudgetPrinter: Printer<PodDisruptionBudget> = {
  columns: [
    nameColumn,
    col('Min Available', 'The minimum number of pods that must be available.'),
    col('Max Unavailable', 'The maximum number of pods that may be unavailable.'),
    col('Allowed Disruptions', 'Calculated number of pods that may be disrupted at this time.', { type: 'integer' }),
    ageColumn,
  ],
  cells: (pdb, now) => [
    pdb.metadata?.name ?? '',
    pdb.spec?.minAvailable != null ? String(pdb.spec.minAvailable) : 'N/A',
    pdb.spec?.maxUnavailable != null ? String(pdb.spec.maxUnavailable) : 'N/A',
    pdb.status?.disruptionsAllowed ?? 0,
    sinceOf(pdb as never, now),
  ],
};

/** leasePrinter prints leases: NAME HOLDER AGE. */
export const leasePrinter: Printer<Lease> = {
  columns: [nameColumn, col('Holder', 'holderIdentity contains the identity of the holder of a current lease.'), ageColumn],
  cells: (l, now) => [l.metadata?.name ?? '', l.spec?.holderIdentity ?? '', sinceOf(l as never, now)],
};
