import type { FormResponseStats } from '@kairan/core'
import { useTranslation } from '@kairan/i18n'
import { EmptyState } from '@kairan/ui'
import { BarChart } from '@mantine/charts'
import { Box, Card, Grid, Group, Stack, Table, Text, Title } from '@mantine/core'
import { IconChartBar } from '@tabler/icons-react'
import { formatDate } from '~/lib/friends.ts'
import { labelText } from './answer-context.ts'

type ChoiceStats = FormResponseStats['questions'][number]

const numberFormat = new Intl.NumberFormat('ja-JP')

/** "40%" / "33.3%": one decimal only where it matters. */
function percent(count: number, of: number): string {
  if (of === 0) return '0%'
  const value = (count / of) * 100
  return `${Number.isInteger(value) ? value : value.toFixed(1)}%`
}

/** Long option labels are cut on the axis; the table beside the chart has them in full. */
function axisLabel(text: string): string {
  const chars = Array.from(text)
  return chars.length > 14 ? `${chars.slice(0, 13).join('')}…` : text
}

/** Answers per day and, for each choice question, how many picked each option. */
export function AnswerCharts({ stats }: { stats: FormResponseStats }) {
  const { t } = useTranslation()
  return (
    <Stack gap="md" data-testid="answer-charts">
      <Text size="sm" c="dimmed">
        {t('formAnswers.charts.scopeNote')}
      </Text>
      <PerDayChart byDay={stats.byDay} total={stats.total} />
      {stats.questions.length === 0 ? (
        <Card withBorder>
          <EmptyState
            icon={<IconChartBar size={32} />}
            title={t('formAnswers.charts.noChoiceTitle')}
            description={t('formAnswers.charts.noChoiceText')}
          />
        </Card>
      ) : (
        stats.questions.map((q) => <ChoiceChart key={q.questionId} stats={q} />)
      )}
    </Stack>
  )
}

function PerDayChart({ byDay, total }: { byDay: FormResponseStats['byDay']; total: number }) {
  const { t, i18n } = useTranslation()
  const lang = i18n.language
  if (byDay.length === 0) return null
  const busiest = byDay.reduce((max, d) => (d.count > max.count ? d : max), byDay[0]!)
  const data = byDay.map((d) => ({ ...d, day: d.date.slice(5).replace('-', '/') }))
  const summary = t('formAnswers.charts.perDayAlt', {
    days: byDay.length,
    total: numberFormat.format(total),
    maxDate: formatDate(`${busiest.date}T12:00:00+09:00`, lang),
    maxCount: numberFormat.format(busiest.count),
  })
  return (
    <Card withBorder>
      <Stack gap="sm">
        <Title order={2} size="h4">
          {t('formAnswers.charts.perDay')}
        </Title>
        <Text size="sm" c="dimmed">
          {summary}
        </Text>
        <Box role="img" aria-label={summary}>
          <BarChart
            h={200}
            data={data}
            dataKey="day"
            series={[{ name: 'count', label: t('formAnswers.charts.answers'), color: 'green.6' }]}
            valueFormatter={(value) => numberFormat.format(value)}
            tickLine="y"
            gridAxis="y"
            maxBarWidth={28}
            yAxisProps={{ allowDecimals: false, width: 40 }}
          />
        </Box>
        <details>
          <Text component="summary" size="sm" c="green.8" style={{ cursor: 'pointer' }}>
            {t('formAnswers.charts.showTable')}
          </Text>
          <Table.ScrollContainer minWidth={240} mah={320} mt="xs">
            <Table striped withTableBorder>
              <Table.Thead>
                <Table.Tr>
                  <Table.Th>{t('formAnswers.charts.date')}</Table.Th>
                  <Table.Th ta="right">{t('formAnswers.charts.answers')}</Table.Th>
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {byDay.map((d) => (
                  <Table.Tr key={d.date}>
                    <Table.Td>{formatDate(`${d.date}T12:00:00+09:00`, lang)}</Table.Td>
                    <Table.Td ta="right">{numberFormat.format(d.count)}</Table.Td>
                  </Table.Tr>
                ))}
              </Table.Tbody>
            </Table>
          </Table.ScrollContainer>
        </details>
      </Stack>
    </Card>
  )
}

function ChoiceChart({ stats }: { stats: ChoiceStats }) {
  const { t, i18n } = useTranslation()
  const lang = i18n.language
  const question = labelText(stats.label, lang)
  const rows = stats.options.map((o) => ({
    optionId: o.optionId,
    label: labelText(o.label, lang),
    count: o.count,
    percent: percent(o.count, stats.answered),
  }))
  const data = rows.map((r) => ({ option: axisLabel(r.label), count: r.count }))
  const height = Math.max(120, rows.length * 40 + 40)
  return (
    <Card withBorder data-question-id={stats.questionId}>
      <Stack gap="sm">
        <Group justify="space-between" align="baseline" wrap="wrap" gap="xs">
          <Title order={2} size="h4">
            {question}
          </Title>
          <Text size="sm" c="dimmed">
            {t('formAnswers.charts.answered', { count: stats.answered })}
          </Text>
        </Group>
        <Grid gutter="lg" align="center">
          <Grid.Col span={{ base: 12, md: 7 }}>
            <Box role="img" aria-label={t('formAnswers.charts.questionAlt', { question })}>
              <BarChart
                h={height}
                data={data}
                dataKey="option"
                orientation="vertical"
                series={[{ name: 'count', label: t('formAnswers.charts.count'), color: 'green.6' }]}
                valueFormatter={(value) =>
                  `${numberFormat.format(value)} (${percent(value, stats.answered)})`
                }
                withBarValueLabel
                tickLine="none"
                gridAxis="none"
                maxBarWidth={28}
                xAxisProps={{ allowDecimals: false, hide: true }}
                yAxisProps={{ width: 150 }}
                // Room on the right for the "26 (47.3%)" labels at the end of the longest bar.
                barChartProps={{ margin: { top: 0, right: 90, bottom: 0, left: 0 } }}
                withTooltip={false}
              />
            </Box>
          </Grid.Col>
          <Grid.Col span={{ base: 12, md: 5 }}>
            <Table withTableBorder verticalSpacing={6} data-testid="choice-counts">
              <Table.Thead>
                <Table.Tr>
                  <Table.Th>{t('formAnswers.charts.option')}</Table.Th>
                  <Table.Th ta="right">{t('formAnswers.charts.count')}</Table.Th>
                  <Table.Th ta="right">{t('formAnswers.charts.percent')}</Table.Th>
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {rows.map((r) => (
                  <Table.Tr key={r.optionId}>
                    <Table.Td style={{ wordBreak: 'break-word' }}>{r.label}</Table.Td>
                    <Table.Td ta="right">{numberFormat.format(r.count)}</Table.Td>
                    <Table.Td ta="right">{r.percent}</Table.Td>
                  </Table.Tr>
                ))}
              </Table.Tbody>
            </Table>
          </Grid.Col>
        </Grid>
        <Text size="xs" c="dimmed">
          {t(
            stats.type === 'multiple_choice'
              ? 'formAnswers.charts.multipleNote'
              : 'formAnswers.charts.percentNote',
          )}
        </Text>
      </Stack>
    </Card>
  )
}
