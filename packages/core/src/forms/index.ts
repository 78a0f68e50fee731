export { openAnswers, sealAnswers, storedDefinition } from './answers-codec.ts'
export { createForm } from './create-form.ts'
export { duplicateForm } from './duplicate-form.ts'
export { archiveForm, setFormClosed, unarchiveForm } from './form-lifecycle.ts'
export {
  RECEIPT_GIVE_UP_MS,
  type ReceiptCounts,
  type ReceiptDeps,
  receiptRetryKey,
  sendPendingReceipts,
} from './form-receipts.ts'
export {
  definitionFields,
  type FormRow,
  formStatus,
  isLimitReached,
  type ResidentFormStatus,
  requireTenantForm,
  residentFormStatus,
} from './form-scope.ts'
export {
  deleteAbandonedUploads,
  formUploadCleanupJob,
  readFormUpload,
  StoreFormUploadInput,
  storeFormUpload,
  UNATTACHED_UPLOAD_TTL_MS,
  uploadStorageKey,
} from './form-uploads.ts'
export { type CitizenFormView, getCitizenForm } from './get-citizen-form.ts'
export { type FormDetail, getForm } from './get-form.ts'
export { type FormListRow, listForms } from './list-forms.ts'
export { listOpenForms, type OpenFormRow } from './list-open-forms.ts'
export { lookupPostalCode, type PostalAddress } from './postal-code.ts'
export { publishForm } from './publish-form.ts'
export { receiptText } from './receipt-messages.ts'
export {
  filesOfResponses,
  requireFormVersion,
  residentAnswers,
  residentDefinition,
  uploadIdsByQuestion,
} from './resident-forms.ts'
export { saveFormDraft } from './save-form-draft.ts'
export { type SniffedType, sniffMediaType } from './sniff-media-type.ts'
export { submitFormResponse } from './submit-form-response.ts'
export { updateFormSettings } from './update-form-settings.ts'
