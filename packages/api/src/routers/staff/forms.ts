import {
  archiveForm,
  createForm,
  duplicateForm,
  getForm,
  listForms,
  publishForm,
  saveFormDraft,
  setFormClosed,
  unarchiveForm,
  updateFormSettings,
} from '@kairan/core'
import {
  CreateFormInput,
  FormIdInput,
  ListFormsInput,
  PublishFormInput,
  SaveFormDraftInput,
  SetFormClosedInput,
  UpdateFormSettingsInput,
} from '@kairan/core/schemas'
import { router, staffCan } from '../../trpc.ts'

const manage = staffCan('forms.manage')
/** The list is where answer readers find the form whose answers they read. */
const find = staffCan('forms.manage', 'form_answers.read')

/** Form builder: forms, drafts, publishing, schedule and links (FORM-1, FORM-5, FORM-7). */
export const formsRouter = router({
  list: find.input(ListFormsInput).query(({ ctx, input }) => listForms({ ctx: ctx.core, input })),
  create: manage.input(CreateFormInput).mutation(({ ctx, input }) => createForm({ ctx: ctx.core, input })),
  get: manage.input(FormIdInput).query(({ ctx, input }) => getForm({ ctx: ctx.core, input })),
  saveDraft: manage
    .input(SaveFormDraftInput)
    .mutation(({ ctx, input }) => saveFormDraft({ ctx: ctx.core, input })),
  updateSettings: manage
    .input(UpdateFormSettingsInput)
    .mutation(({ ctx, input }) => updateFormSettings({ ctx: ctx.core, input })),
  publish: manage.input(PublishFormInput).mutation(({ ctx, input }) => publishForm({ ctx: ctx.core, input })),
  setClosed: manage
    .input(SetFormClosedInput)
    .mutation(({ ctx, input }) => setFormClosed({ ctx: ctx.core, input })),
  duplicate: manage.input(FormIdInput).mutation(({ ctx, input }) => duplicateForm({ ctx: ctx.core, input })),
  archive: manage.input(FormIdInput).mutation(({ ctx, input }) => archiveForm({ ctx: ctx.core, input })),
  unarchive: manage.input(FormIdInput).mutation(({ ctx, input }) => unarchiveForm({ ctx: ctx.core, input })),
})
