import { getCitizenForm, listOpenForms, submitFormResponse } from '@kairan/core'
import { FormIdInput, SubmitFormResponseInput } from '@kairan/core/schemas'
import { citizenProcedure, citizenRouterFactory } from '../../citizen-trpc.ts'

/**
 * Forms on the LIFF pages: what the resident can answer, one form with their own answers, and
 * sending. Uploads and files are resource routes of apps/liff (bytes, not JSON), calling core.
 */
export const citizenFormsRouter = citizenRouterFactory({
  listOpen: citizenProcedure.query(({ ctx }) => listOpenForms({ ctx: ctx.core })),
  get: citizenProcedure
    .input(FormIdInput)
    .query(({ ctx, input }) => getCitizenForm({ ctx: ctx.core, secrets: ctx.secrets, input })),
  submit: citizenProcedure
    .input(SubmitFormResponseInput)
    .mutation(({ ctx, input }) => submitFormResponse({ ctx: ctx.core, secrets: ctx.secrets, input })),
})
