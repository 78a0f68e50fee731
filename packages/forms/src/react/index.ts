/**
 * The form renderer shared by the LIFF form page and the admin builder's preview.
 *
 * Styling is inline plus these Mantine stylesheets, which an app that does not import all of
 * `@mantine/core/styles.css` (LIFF) must import: baseline, default-css-variables, global,
 * UnstyledButton, Button, Loader and Input.
 */
export { AnswerSummary, type AnswerSummaryProps } from './answer-summary.tsx'
export {
  FormText,
  type FormTextProps,
  MessageText,
  type MessageTextProps,
  plainMessage,
} from './form-text.tsx'
export { FormView, type FormViewProps } from './form-view.tsx'
export { formatFileSize, maxUploadBytes, questionFieldId, resolveDateBound } from './helpers.ts'
export { questionHints } from './question-parts.tsx'
export {
  type FieldValue,
  type PostalCodeLookup,
  type UploadedFile,
  type Uploader,
  UploadRefusal,
} from './types.ts'
export {
  FORM_UI_MESSAGES,
  type FormUiMessageKey,
  type FormUiMessages,
  fillMessage,
  formUiMessages,
  type MessageValues,
} from './ui-messages.ts'
export { acceptFor, isAllowedFile } from './upload-field.tsx'
