import {
  attributeOptionsForForm,
  createAttribute,
  deleteAttribute,
  listAttributes,
  reorderAttributes,
  updateAttribute,
} from '@kairan/core'
import {
  AttributeIdInput,
  AttributeKeyInput,
  CreateAttributeInput,
  ListAttributesInput,
  ReorderAttributesInput,
  UpdateAttributeInput,
} from '@kairan/core/schemas'
import { router, staffCan } from '../../trpc.ts'

const manage = staffCan('segments.manage')

/** Resident attributes (SEG-3): defined by staff, set by forms and by residents in My settings. */
export const attributesRouter = router({
  /** Delivery composers read them too (segment picker, descriptions). */
  list: staffCan('segments.manage', 'deliveries.manage')
    .input(ListAttributesInput)
    .query(({ ctx, input }) => listAttributes({ ctx: ctx.core, input })),
  create: manage
    .input(CreateAttributeInput)
    .mutation(({ ctx, input }) => createAttribute({ ctx: ctx.core, input })),
  update: manage
    .input(UpdateAttributeInput)
    .mutation(({ ctx, input }) => updateAttribute({ ctx: ctx.core, input })),
  delete: manage
    .input(AttributeIdInput)
    .mutation(({ ctx, input }) => deleteAttribute({ ctx: ctx.core, input })),
  reorder: manage
    .input(ReorderAttributesInput)
    .mutation(({ ctx, input }) => reorderAttributes({ ctx: ctx.core, input })),
  /** The form builder's "load options from the attribute". */
  optionsForForm: staffCan('segments.manage', 'forms.manage')
    .input(AttributeKeyInput)
    .query(({ ctx, input }) => attributeOptionsForForm({ ctx: ctx.core, input })),
})
