/** What the server knows of one uploaded file (a form answer holds only its id). */
export type UploadedFile = { id: string; contentType: string; byteSize: number; fileName: string | null }

/**
 * How the renderer sends files: the LIFF page posts them to its upload route. The admin preview
 * passes none, and the upload buttons are shown disabled with an explanation.
 */
export type Uploader = {
  /**
   * Sends one file for `questionId`; `onProgress` gets 0…1. Rejects when the upload fails: with an
   * `UploadRefusal` to tell the resident why (too large, session expired…), anything else reads
   * as a connection problem.
   */
  upload: (questionId: string, file: File, onProgress: (fraction: number) => void) => Promise<UploadedFile>
  /** Where an uploaded file can be fetched (thumbnails). */
  fileUrl: (uploadId: string) => string
}

/** Finds the address for a Japanese postal code ("123-4567"); null when there is none. */
export type PostalCodeLookup = (code: string) => Promise<{ address: string } | null>

/** The value a field reports: text as typed, option ids, upload ids; undefined clears it. */
export type FieldValue = string | string[] | undefined

/** An upload the server refused, with the reason already in the resident's language. */
export class UploadRefusal extends Error {
  constructor(message: string) {
    super(message)
    this.name = 'UploadRefusal'
  }
}
