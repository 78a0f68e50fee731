import { getCitizen, getMessageContent, listCitizenLanguages, listCitizens } from '@kairan/core'
import { ChannelIdInput, CitizenIdInput, ListCitizensInput } from '@kairan/core/schemas'
import { z } from 'zod'
import { router, staffCan } from '../../trpc.ts'

const read = staffCan('friends.read')

/** The friends (residents) of the tenant's channels: list, languages, one resident with history. */
export const friendsRouter = router({
  list: read.input(ListCitizensInput).query(({ ctx, input }) => listCitizens({ ctx: ctx.core, input })),
  languages: read
    .input(ChannelIdInput)
    .query(({ ctx, input }) => listCitizenLanguages({ ctx: ctx.core, input })),
  get: read
    .input(CitizenIdInput)
    .query(({ ctx, input }) => getCitizen({ ctx: ctx.core, secrets: ctx.secrets, input })),
  /** The image or file a resident sent, fetched from LINE (server-side callers only: it is binary). */
  messageContent: read
    .input(z.object({ messageId: z.uuid() }))
    .query(({ ctx, input }) => getMessageContent({ ctx: ctx.core, secrets: ctx.secrets, input })),
})
