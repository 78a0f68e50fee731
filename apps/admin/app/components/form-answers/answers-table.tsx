import type { FormResponseListRow } from '@kairan/core'
import { useTranslation } from '@kairan/i18n'
import { Anchor, Badge, Group, Table, Text } from '@mantine/core'
import { Link, useLocation, useNavigate } from '@remix-run/react'
import { CitizenAvatar, CitizenName } from '~/components/citizen-bits.tsx'
import { formatDateTime } from '~/lib/friends.ts'
import { type AnswerColumnData, labelText } from './answer-context.ts'

/** Question columns shown in the table; the rest are in the detail page and in exports. */
export const TABLE_QUESTION_COLUMNS = 8

type AnswersTableProps = {
  formId: string
  rows: FormResponseListRow[]
  columns: AnswerColumnData[]
  showVersion: boolean
  isBusy: boolean
}

/** The answers, newest first: when, who, then the first questions (the table scrolls sideways). */
export function AnswersTable({ formId, rows, columns, showVersion, isBusy }: AnswersTableProps) {
  const { t, i18n } = useTranslation()
  const navigate = useNavigate()
  const location = useLocation()
  const lang = i18n.language
  const shown = columns.slice(0, TABLE_QUESTION_COLUMNS)
  const hidden = columns.length - shown.length
  const minWidth = 360 + shown.length * 180 + (showVersion ? 90 : 0)

  return (
    <>
      <Table.ScrollContainer minWidth={minWidth} type="native">
        <Table
          highlightOnHover
          verticalSpacing="sm"
          striped
          aria-busy={isBusy}
          data-testid="answers-table"
          captionSide="top"
        >
          <caption style={visuallyHidden}>{t('formAnswers.table.caption')}</caption>
          <Table.Thead>
            <Table.Tr>
              <Table.Th style={{ whiteSpace: 'nowrap' }}>{t('formAnswers.table.submittedAt')}</Table.Th>
              <Table.Th>{t('formAnswers.table.friend')}</Table.Th>
              {showVersion ? <Table.Th>{t('formAnswers.table.version')}</Table.Th> : null}
              {shown.map((c) => (
                <Table.Th key={c.questionId} miw={140} maw={260}>
                  <Text size="sm" fw={700} lineClamp={2} title={labelText(c.label, lang)}>
                    {labelText(c.label, lang)}
                  </Text>
                </Table.Th>
              ))}
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {rows.map((row) => {
              const to = `/forms/${formId}/answers/${row.id}`
              return (
                <Table.Tr
                  key={row.id}
                  data-response-id={row.id}
                  style={{ cursor: 'pointer' }}
                  onClick={(e) => {
                    // The date is the real link; the rest of the row is a convenience for mice.
                    if ((e.target as HTMLElement).closest('a, button')) return
                    navigate(to, { state: { listSearch: location.search } })
                  }}
                >
                  <Table.Td style={{ whiteSpace: 'nowrap', verticalAlign: 'top' }}>
                    <Anchor
                      component={Link}
                      to={to}
                      state={{ listSearch: location.search }}
                      size="sm"
                      fw={500}
                      aria-label={t('formAnswers.table.open', {
                        date: formatDateTime(row.submittedAt, lang),
                        name: row.citizen.displayName ?? t('friends.noName'),
                      })}
                    >
                      {formatDateTime(row.submittedAt, lang)}
                    </Anchor>
                    {row.editCount > 0 ? (
                      <Badge size="xs" variant="light" color="gray" ml={6} tt="none">
                        {t('formAnswers.table.edited', { count: row.editCount })}
                      </Badge>
                    ) : null}
                  </Table.Td>
                  <Table.Td style={{ verticalAlign: 'top' }}>
                    <Group gap="xs" wrap="nowrap">
                      <CitizenAvatar
                        name={row.citizen.displayName}
                        pictureUrl={row.citizen.pictureUrl}
                        size={28}
                      />
                      <CitizenName name={row.citizen.displayName} size="sm" lineClamp={1} />
                    </Group>
                  </Table.Td>
                  {showVersion ? (
                    <Table.Td style={{ verticalAlign: 'top' }}>
                      <Text size="sm">{row.version === null ? '—' : `v${row.version}`}</Text>
                    </Table.Td>
                  ) : null}
                  {shown.map((c) => {
                    const cell = row.cells[c.questionId]
                    return (
                      <Table.Td key={c.questionId} maw={260} style={{ verticalAlign: 'top' }}>
                        {cell ? (
                          <Text
                            size="sm"
                            lineClamp={3}
                            title={cell}
                            style={{ whiteSpace: 'pre-line', wordBreak: 'break-word' }}
                          >
                            {cell}
                          </Text>
                        ) : (
                          <Text size="sm" c="dimmed" aria-label={t('formAnswers.table.unanswered')}>
                            —
                          </Text>
                        )}
                      </Table.Td>
                    )
                  })}
                </Table.Tr>
              )
            })}
          </Table.Tbody>
        </Table>
      </Table.ScrollContainer>
      {hidden > 0 ? (
        <Text size="xs" c="dimmed" mt="xs">
          {t('formAnswers.table.moreColumns', { count: hidden })}
        </Text>
      ) : null}
    </>
  )
}

/** Read by screen readers, not shown (Mantine's VisuallyHidden renders a div, invalid in a table). */
const visuallyHidden = {
  position: 'absolute',
  width: 1,
  height: 1,
  padding: 0,
  margin: -1,
  overflow: 'hidden',
  clip: 'rect(0, 0, 0, 0)',
  whiteSpace: 'nowrap',
  border: 0,
} as const
