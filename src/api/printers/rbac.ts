import type { RoleBinding, ClusterRoleBinding, Subject } from 'kubernetes-types/rbac/v1.js';
import { type Printer, col, nameColumn, ageColumn, sinceOf } from './table.js';

/** subjectsStrings splits subjects into users, groups and `namespace/name` service accounts, as rbac.SubjectsStrings does. */
export function subjectsStrings(subjects: Subject[] | undefined): { users: string[]; groups: string[]; sas: string[] } {
  const users: string[] = [];
  const groups: string[] = [];
  const sas: string[] = [];
  for (const s of subjects ?? []) {
    if (s.kind === 'ServiceAccount') sas.push(`${s.namespace ?? ''}/${s.name}`);
    else if (s.kind === 'User') users.push(s.name);
    else if (s.kind === 'Group') groups.push(s.name);
  }
  return { users, groups, sas };
}

function bindingPrinter(what: 'roleBinding' | 'clusterRoleBinding', roleRefDoc: string): Printer<RoleBinding | ClusterRoleBinding> {
  return {
    columns: [
      nameColumn,
      col('Role', roleRefDoc),
      ageColumn,
      col('Users', `Users in the ${what}`, { priority: 1 }),
      col('Groups', `Groups in the ${what}`, { priority: 1 }),
      col('ServiceAccounts', `ServiceAccounts in the ${what}`, { priority: 1 }),
    ],
    cells(b, now) {
      const { users, groups, sas } = subjectsStrings(b.subjects);
      return [
        b.metadata?.name ?? '',
        `${b.roleRef?.kind ?? ''}/${b.roleRef?.name ?? ''}`,
        sinceOf(b as never, now),
        users.join(', '),
        groups.join(', '),
        sas.join(', '),
      ];
    },
  };
}

/** roleBindingPrinter prints role bindings: NAME ROLE AGE, wide: USERS GROUPS SERVICEACCOUNTS. */
export const roleBindingPrinter = bindingPrinter(
  'roleBinding',
  'RoleRef can reference a Role in the current namespace or a ClusterRole in the global namespace. If the RoleRef cannot be resolved, the Authorizer must return an error. This field is immutable.',
);

/** clusterRoleBindingPrinter prints cluster role bindings: NAME ROLE AGE, wide: USERS GROUPS SERVICEACCOUNTS. */
export const clusterRoleBindingPrinter = bindingPrinter(
  'clusterRoleBinding',
  'RoleRef can only reference a ClusterRole in the global namespace. If the RoleRef cannot be resolved, the Authorizer must return an error. This field is immutable.',
);
