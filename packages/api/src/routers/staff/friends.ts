import { getCitizen, listCitizenLanguages, listCitizens } from '@kairan/core'
import { ChannelIdInput, CitizenIdInput, ListCitizensInput } from '@kairan/core/schemas'
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
})
