/**
 * Per-feature permissions (SEC-10). Tenant admins hold all of them; general staff hold the ones a
 * tenant admin ticks. The list grows as features arrive: add the key here and its label in
 * @kairan/i18n (`permissions.<key>`), and the staff editor shows it.
 */
export const PERMISSIONS = [
  'staff.manage',
  'security.manage',
  'audit.read',
  'friends.read',
  'channels.manage',
  'test_devices.manage',
  'forms.manage',
  'form_answers.read',
  'form_answers.export',
  'segments.manage',
  'deliveries.manage',
  'deliveries.export',
] as const
export type Permission = (typeof PERMISSIONS)[number]

export const ROLES = ['tenant_admin', 'staff'] as const
export type Role = (typeof ROLES)[number]

export function isPermission(value: string): value is Permission {
  return (PERMISSIONS as readonly string[]).includes(value)
}

/** What a membership may do: everything for tenant admins, the ticked (known) keys otherwise. */
export function effectivePermissions(role: Role, granted: readonly string[]): Permission[] {
  if (role === 'tenant_admin') return [...PERMISSIONS]
  return PERMISSIONS.filter((p) => granted.includes(p))
}
