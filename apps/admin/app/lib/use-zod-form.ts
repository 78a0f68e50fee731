import { PASSWORD_MIN_LENGTH } from '@kairan/core/schemas'
import { useTranslation } from '@kairan/i18n'
import { type UseFormInput, useForm } from '@mantine/form'
import { zod4Resolver } from 'mantine-form-zod-resolver'
import { useEffect } from 'react'
import type { z } from 'zod'
import { type ActionError, isActionError } from './action-result.ts'

/** Parameters every error message may use ({{min}} for the password length…). */
export const ERROR_PARAMS = { min: PASSWORD_MIN_LENGTH, minutes: 15 }

/**
 * A Mantine form validated in the browser by the same zod schema the server uses (the schemas
 * live in @kairan/core/schemas), with message keys translated, and with the server's own field
 * errors (from an action) shown on the fields when they come back.
 */
export function useZodForm<S extends z.ZodType<Record<string, unknown>, Record<string, unknown>>>(
  schema: S,
  options: Omit<UseFormInput<z.input<S>>, 'validate'> & { serverResult?: unknown },
) {
  const { t } = useTranslation()
  const { serverResult, ...formOptions } = options
  const form = useForm<z.input<S>>({
    mode: 'controlled',
    ...formOptions,
    validate: zod4Resolver(schema as never),
  })
  // biome-ignore lint/correctness/useExhaustiveDependencies: only a new server result should set errors.
  useEffect(() => {
    if (isActionError(serverResult) && serverResult.fields) form.setErrors(serverResult.fields)
  }, [serverResult])
  const field = (path: string, inputOptions?: { type?: 'input' | 'checkbox' }) => {
    const props = form.getInputProps(path, inputOptions)
    return { ...props, error: props.error ? t(String(props.error), ERROR_PARAMS) : undefined }
  }
  return { form, field }
}

/** The translated form-level message of a failed action, or null. */
export function useActionMessage(result: unknown): string | null {
  const { t } = useTranslation()
  if (!isActionError(result)) return null
  return t((result as ActionError).key, { ...ERROR_PARAMS, ...(result as ActionError).params })
}
