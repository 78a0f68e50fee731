import { PERMISSIONS, type Role } from '@kairan/core/permissions'
import { useTranslation } from '@kairan/i18n'
import { Checkbox, Radio, Stack, Text } from '@mantine/core'

/** `staff.manage` → `permissions.staff_manage` (i18next reads dots as nesting). */
export const permissionKey = (p: string) => `permissions.${p.replace('.', '_')}`

/** Role and per-feature permissions, as tenant admins set them (SEC-10). */
export function RoleAndPermissions({
  role,
  permissions,
  onRoleChange,
  onPermissionsChange,
  isRoleLocked = false,
}: {
  role: Role
  permissions: string[]
  onRoleChange: (role: Role) => void
  onPermissionsChange: (permissions: string[]) => void
  isRoleLocked?: boolean
}) {
  const { t } = useTranslation()
  return (
    <Stack gap="sm">
      <Radio.Group label={t('staff.role')} value={role} onChange={(v) => onRoleChange(v as Role)}>
        <Stack gap={6} mt={6}>
          <Radio
            value="tenant_admin"
            label={t('staff.roleAdmin')}
            description={t('staff.roleAdminHelp')}
            disabled={isRoleLocked}
          />
          <Radio
            value="staff"
            label={t('staff.roleStaff')}
            description={t('staff.roleStaffHelp')}
            disabled={isRoleLocked}
          />
        </Stack>
      </Radio.Group>
      {role === 'staff' ? (
        <Checkbox.Group label={t('staff.permissions')} value={permissions} onChange={onPermissionsChange}>
          <Stack gap={6} mt={6}>
            {PERMISSIONS.map((p) => (
              <Checkbox
                key={p}
                value={p}
                label={t(permissionKey(p))}
                description={t(`${permissionKey(p)}_help`)}
              />
            ))}
          </Stack>
        </Checkbox.Group>
      ) : (
        <Text size="sm" c="dimmed">
          {t('staff.adminHasAll')}
        </Text>
      )}
    </Stack>
  )
}
