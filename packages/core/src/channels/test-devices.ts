import { channelTestDevices, citizens } from '@kairan/db/schema'
import { and, asc, eq } from 'drizzle-orm'
import { writeAccessLog } from '../audit/write-access-log.ts'
import { type Ctx, requirePermission } from '../ctx.ts'
import { Conflict, NotFound } from '../errors.ts'
import { AddTestDeviceInput, ChannelIdInput, TestDeviceIdInput } from '../schemas.ts'
import { withTransaction } from '../shared/with-transaction.ts'
import { requireTenantChannel } from './channel-scope.ts'

/** SEG-7: the residents test deliveries go to (staff's own phones, picked from the friends list). */
export async function listTestDevices({ ctx, input }: { ctx: Ctx; input: { channelId: string } }) {
  requirePermission(ctx, 'test_devices.manage')
  const { channelId } = ChannelIdInput.parse(input)
  await requireTenantChannel(ctx.db, ctx.actor.tenantId, channelId)
  return ctx.db
    .select({
      id: channelTestDevices.id,
      label: channelTestDevices.label,
      citizenId: citizens.id,
      displayName: citizens.displayName,
      pictureUrl: citizens.pictureUrl,
      status: citizens.status,
      createdAt: channelTestDevices.createdAt,
    })
    .from(channelTestDevices)
    .innerJoin(citizens, eq(citizens.id, channelTestDevices.citizenId))
    .where(
      and(eq(channelTestDevices.tenantId, ctx.actor.tenantId), eq(channelTestDevices.channelId, channelId)),
    )
    .orderBy(asc(channelTestDevices.label))
}

export async function addTestDevice({
  ctx,
  input,
}: {
  ctx: Ctx
  input: { citizenId: string; label: string }
}) {
  requirePermission(ctx, 'test_devices.manage')
  const { citizenId, label } = AddTestDeviceInput.parse(input)
  return withTransaction(ctx, async (tx) => {
    const [citizen] = await tx
      .select()
      .from(citizens)
      .where(and(eq(citizens.id, citizenId), eq(citizens.tenantId, ctx.actor.tenantId)))
    if (!citizen) throw new NotFound('errors.not_found')
    if (citizen.status !== 'following') throw new Conflict('errors.test_device_not_following')
    const [device] = await tx
      .insert(channelTestDevices)
      .values({
        tenantId: ctx.actor.tenantId,
        channelId: citizen.channelId,
        citizenId,
        label,
        addedByStaffUserId: ctx.actor.userId,
      })
      .onConflictDoNothing()
      .returning()
    if (!device) throw new Conflict('errors.test_device_exists')
    await writeAccessLog(tx, ctx, {
      tenantId: ctx.actor.tenantId,
      action: 'test_device.add',
      targetType: 'citizen',
      targetId: citizenId,
      detail: { after: { label, channelId: citizen.channelId } },
    })
    return device
  })
}

export async function removeTestDevice({ ctx, input }: { ctx: Ctx; input: { testDeviceId: string } }) {
  requirePermission(ctx, 'test_devices.manage')
  const { testDeviceId } = TestDeviceIdInput.parse(input)
  return withTransaction(ctx, async (tx) => {
    const [removed] = await tx
      .delete(channelTestDevices)
      .where(
        and(eq(channelTestDevices.id, testDeviceId), eq(channelTestDevices.tenantId, ctx.actor.tenantId)),
      )
      .returning()
    if (!removed) throw new NotFound('errors.not_found')
    await writeAccessLog(tx, ctx, {
      tenantId: ctx.actor.tenantId,
      action: 'test_device.remove',
      targetType: 'citizen',
      targetId: removed.citizenId,
      detail: { before: { label: removed.label, channelId: removed.channelId } },
    })
    return { id: removed.id }
  })
}
