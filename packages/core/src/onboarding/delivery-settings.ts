import type { DbOrTx } from '@kairan/db'
import { channelDeliverySettings, forms } from '@kairan/db/schema'
import { and, eq } from 'drizzle-orm'
import { writeAccessLog } from '../audit/write-access-log.ts'
import { requireTenantChannel } from '../channels/channel-scope.ts'
import { type Ctx, requireAnyPermission, requirePermission } from '../ctx.ts'
import { Invalid } from '../errors.ts'
import { DeliverySettingsInput, UpdateDeliverySettingsInput } from '../segments/inputs.ts'
import { withTransaction } from '../shared/with-transaction.ts'
import { DEFAULT_GREETING_TEXT, DEFAULT_REMINDER_TEXT } from './texts.ts'

/** SEG-1, SEG-2, SEG-8: a channel's onboarding and confirmation settings (defaults when never saved). */
export type DeliverySettings = {
  channelId: string
  profileFormId: string | null
  greetingEnabled: boolean
  /** The city's own texts per language; empty: the built-in texts (`defaultGreetingText`). */
  greetingText: Record<string, string>
  reminderEnabled: boolean
  reminderAfterDays: number
  reminderText: Record<string, string>
  confirmThreshold: number
  updatedAt: Date | null
}

export const DEFAULT_CONFIRM_THRESHOLD = 1000

/** The settings row, or the defaults (no permission check: for the webhook, the worker and verbs). */
export async function loadDeliverySettings(db: DbOrTx, channelId: string): Promise<DeliverySettings> {
  const [row] = await db
    .select()
    .from(channelDeliverySettings)
    .where(eq(channelDeliverySettings.channelId, channelId))
  return {
    channelId,
    profileFormId: row?.profileFormId ?? null,
    greetingEnabled: row?.greetingEnabled ?? true,
    greetingText: row?.greetingText ?? {},
    reminderEnabled: row?.reminderEnabled ?? false,
    reminderAfterDays: row?.reminderAfterDays ?? 3,
    reminderText: row?.reminderText ?? {},
    confirmThreshold: row?.confirmThreshold ?? DEFAULT_CONFIRM_THRESHOLD,
    updatedAt: row?.updatedAt ?? null,
  }
}

/** The onboarding page (and the composer, for the confirmation threshold). */
export async function getDeliverySettings({ ctx, input }: { ctx: Ctx; input: { channelId: string } }) {
  requireAnyPermission(ctx, ['segments.manage', 'deliveries.manage'])
  const { channelId } = DeliverySettingsInput.parse(input)
  await requireTenantChannel(ctx.db, ctx.actor.tenantId, channelId)
  const settings = await loadDeliverySettings(ctx.db, channelId)
  return {
    ...settings,
    defaultGreetingText: DEFAULT_GREETING_TEXT as Record<string, string>,
    defaultReminderText: DEFAULT_REMINDER_TEXT as Record<string, string>,
  }
}

export async function updateDeliverySettings({
  ctx,
  input,
}: {
  ctx: Ctx
  input: UpdateDeliverySettingsInput
}) {
  requirePermission(ctx, 'segments.manage')
  const parsed = UpdateDeliverySettingsInput.parse(input)
  const tenantId = ctx.actor.tenantId
  const { channelId, ...values } = parsed
  await requireTenantChannel(ctx.db, tenantId, channelId)
  return withTransaction(ctx, async (tx) => {
    if (values.profileFormId) {
      const [form] = await tx
        .select({ id: forms.id, archivedAt: forms.archivedAt })
        .from(forms)
        .where(and(eq(forms.id, values.profileFormId), eq(forms.tenantId, tenantId)))
      if (!form || form.archivedAt) {
        throw new Invalid('errors.invalid_input', { profileFormId: 'form_not_found' })
      }
    }
    const before = await loadDeliverySettings(tx, channelId)
    const now = new Date()
    await tx
      .insert(channelDeliverySettings)
      .values({ channelId, tenantId, ...values, updatedByStaffUserId: ctx.actor.userId })
      .onConflictDoUpdate({
        target: channelDeliverySettings.channelId,
        set: { ...values, updatedByStaffUserId: ctx.actor.userId, updatedAt: now },
      })
    await writeAccessLog(tx, ctx, {
      tenantId,
      action: 'delivery_settings.update',
      targetType: 'channel',
      targetId: channelId,
      detail: {
        before: {
          profileFormId: before.profileFormId,
          greetingEnabled: before.greetingEnabled,
          reminderEnabled: before.reminderEnabled,
          reminderAfterDays: before.reminderAfterDays,
          confirmThreshold: before.confirmThreshold,
        },
        after: {
          profileFormId: values.profileFormId,
          greetingEnabled: values.greetingEnabled,
          reminderEnabled: values.reminderEnabled,
          reminderAfterDays: values.reminderAfterDays,
          confirmThreshold: values.confirmThreshold,
        },
      },
    })
    return loadDeliverySettings(tx, channelId)
  })
}
