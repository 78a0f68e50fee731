import { sql } from 'drizzle-orm'
import {
  boolean,
  index,
  integer,
  jsonb,
  pgEnum,
  pgTable,
  text,
  timestamp,
  uniqueIndex,
  uuid,
} from 'drizzle-orm/pg-core'
import { id, timestamps } from '../_columns.ts'
import { citizens } from '../citizens/tables.ts'
import { staffUsers } from '../staff/tables.ts'
import { channels, tenants } from '../tenancy/tables.ts'

/** FORM-5: one answer per resident that they may edit, or a new answer on every submission. */
export const formAnswerMode = pgEnum('form_answer_mode', ['single', 'multiple'])

/**
 * A form (survey, onboarding profile, reservation form…). Staff edit `draftDefinition`; publishing
 * copies it into a new `form_versions` row. `draftRevision` grows on every save, so a save based on
 * an older revision (a colleague saved in between) is refused instead of overwriting.
 * The definition is `@kairan/forms`' FormDefinition JSON: questions, not personal data.
 */
export const forms = pgTable(
  'forms',
  {
    id: id(),
    tenantId: uuid()
      .notNull()
      .references(() => tenants.id, { onDelete: 'cascade' }),
    draftDefinition: jsonb().notNull(),
    draftRevision: integer().notNull().default(1),
    draftUpdatedAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
    draftUpdatedByStaffUserId: uuid().references(() => staffUsers.id, { onDelete: 'set null' }),
    /** The latest published version; null until first published. */
    currentVersionId: uuid(),
    answerMode: formAnswerMode().notNull().default('single'),
    /** Accepting answers from/until (null: no limit). */
    opensAt: timestamp({ withTimezone: true }),
    closesAt: timestamp({ withTimezone: true }),
    /** At most this many answers (single mode: residents; multiple mode: submissions). */
    responseLimit: integer(),
    /** Answers counted against the limit; changed only under the form's row lock. */
    responseCount: integer().notNull().default(0),
    /** Staff closed it by hand ("受付終了"), whatever the dates say. */
    isClosedManually: boolean().notNull().default(false),
    /** Send the resident a LINE message confirming receipt. */
    sendsReceipt: boolean().notNull().default(false),
    archivedAt: timestamp({ withTimezone: true }),
    createdByStaffUserId: uuid().references(() => staffUsers.id, { onDelete: 'set null' }),
    ...timestamps,
  },
  (t) => [
    index('forms_tenant_id_updated_at_idx').on(t.tenantId, t.updatedAt), // forms list, newest first
  ],
)

/** A published, immutable definition. Answers point at the version they were given on (FORM-7). */
export const formVersions = pgTable(
  'form_versions',
  {
    id: id(),
    tenantId: uuid()
      .notNull()
      .references(() => tenants.id, { onDelete: 'cascade' }),
    formId: uuid()
      .notNull()
      .references(() => forms.id, { onDelete: 'cascade' }),
    version: integer().notNull(),
    definition: jsonb().notNull(),
    publishedAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
    publishedByStaffUserId: uuid().references(() => staffUsers.id, { onDelete: 'set null' }),
  },
  (t) => [uniqueIndex('form_versions_form_id_version_idx').on(t.formId, t.version)], // one number per version; latest lookup
)

export const receiptStatus = pgEnum('form_receipt_status', ['none', 'pending', 'sent', 'failed'])

/**
 * A resident's answer. `answersEnc` is the sealed JSON of `Answers` (SEC-2): residents write names,
 * addresses and phone numbers. Filters and counts decrypt in the application.
 */
export const formResponses = pgTable(
  'form_responses',
  {
    id: id(),
    tenantId: uuid()
      .notNull()
      .references(() => tenants.id, { onDelete: 'cascade' }),
    channelId: uuid()
      .notNull()
      .references(() => channels.id, { onDelete: 'cascade' }),
    formId: uuid()
      .notNull()
      .references(() => forms.id, { onDelete: 'cascade' }),
    formVersionId: uuid()
      .notNull()
      .references(() => formVersions.id, { onDelete: 'restrict' }),
    citizenId: uuid()
      .notNull()
      .references(() => citizens.id, { onDelete: 'cascade' }),
    answersEnc: text().notNull(),
    /** The language the resident answered in (receipt message, export). */
    language: text().notNull(),
    submittedAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
    /**
     * Made by the LIFF page for each new answer: the same answer sent again (a retry after a lost
     * connection) finds this row instead of adding a second one.
     */
    submissionKey: uuid(),
    editCount: integer().notNull().default(0),
    /** The LINE receipt message: pending until the worker has pushed it (retry key = response id). */
    receiptStatus: receiptStatus().notNull().default('none'),
    receiptAttempts: integer().notNull().default(0),
    receiptNextAttemptAt: timestamp({ withTimezone: true }),
    ...timestamps,
  },
  (t) => [
    index('form_responses_form_id_submitted_at_idx').on(t.formId, t.submittedAt), // answers table, period filter
    index('form_responses_form_id_citizen_id_idx').on(t.formId, t.citizenId), // a resident's own answers
    uniqueIndex('form_responses_form_id_citizen_id_submission_key_idx').on(
      t.formId,
      t.citizenId,
      t.submissionKey,
    ), // a retried submission is found, never stored twice
    index('form_responses_receipt_pending_idx').on(t.receiptStatus, t.receiptNextAttemptAt), // worker's receipt sweep
  ],
)

/**
 * A file a resident uploaded for an image or video question. The bytes live in the blob store,
 * encrypted; `storageKey` names them there. `responseId` is set when the answer that uses it is
 * sent; uploads never attached are removed after a day.
 */
export const formUploads = pgTable(
  'form_uploads',
  {
    id: id(),
    tenantId: uuid()
      .notNull()
      .references(() => tenants.id, { onDelete: 'cascade' }),
    channelId: uuid()
      .notNull()
      .references(() => channels.id, { onDelete: 'cascade' }),
    formId: uuid()
      .notNull()
      .references(() => forms.id, { onDelete: 'cascade' }),
    questionId: text().notNull(),
    citizenId: uuid()
      .notNull()
      .references(() => citizens.id, { onDelete: 'cascade' }),
    responseId: uuid().references(() => formResponses.id, { onDelete: 'set null' }),
    storageKey: text().notNull(),
    contentType: text().notNull(),
    byteSize: integer().notNull(),
    /** The file's name on the resident's phone, sealed (it can hold a name). */
    fileNameEnc: text(),
    createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    index('form_uploads_citizen_id_form_id_idx').on(t.citizenId, t.formId), // checking a submission's upload ids
    index('form_uploads_response_id_idx').on(t.responseId), // answer detail lists its files
    index('form_uploads_unattached_idx').on(t.createdAt).where(sql`${t.responseId} is null`), // cleanup of abandoned uploads
  ],
)

/**
 * Resident attributes set by answers (question `attributeKey`), e.g. district or age group: the
 * segments issue filters on them. Kept in clear, because segment counts over a million residents
 * must run in SQL; only coarse attributes should be mapped (the builder says so).
 */
export const citizenAttributeValues = pgTable(
  'citizen_attribute_values',
  {
    tenantId: uuid()
      .notNull()
      .references(() => tenants.id, { onDelete: 'cascade' }),
    channelId: uuid()
      .notNull()
      .references(() => channels.id, { onDelete: 'cascade' }),
    citizenId: uuid()
      .notNull()
      .references(() => citizens.id, { onDelete: 'cascade' }),
    key: text().notNull(),
    values: text().array().notNull(),
    sourceFormId: uuid().references(() => forms.id, { onDelete: 'set null' }),
    updatedAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    uniqueIndex('citizen_attribute_values_citizen_id_key_idx').on(t.citizenId, t.key), // one value set per attribute
    index('citizen_attribute_values_tenant_id_key_idx').on(t.tenantId, t.key), // segment filters by attribute
  ],
)
