import { useTranslation } from '@kairan/i18n'
import {
  ActionIcon,
  Alert,
  Badge,
  Box,
  Button,
  Card,
  Divider,
  Group,
  Loader,
  Paper,
  SegmentedControl,
  Stack,
  Text,
  Textarea,
  TextInput,
  Title,
  Tooltip,
} from '@mantine/core'
import { useDebouncedValue } from '@mantine/hooks'
import { useFetcher } from '@remix-run/react'
import { IconAlertTriangle, IconDeviceFloppy, IconPlus, IconTrash, IconUsers } from '@tabler/icons-react'
import { Fragment, useEffect, useState } from 'react'
import type { SegmentCountResult } from '~/routes/_app.segments.count.tsx'
import { ConditionRow, type FormChoice } from './condition-row.tsx'
import {
  type DraftCondition,
  type DraftFilter,
  type DraftGroup,
  isFilterComplete,
  MAX_CONDITIONS,
  MAX_GROUPS,
  newCondition,
  toFilter,
} from './filter-model.ts'
import type { AttributeRow } from './labels.ts'

export type SegmentValues = { name: string; description: string; filter: DraftFilter }

/** The live count waits this long after the last change (SEG-6: debounced 300 ms). */
export const COUNT_DELAY_MS = 300

/**
 * The segment builder (SEG-6): a name, a note, and AND/OR groups of conditions; beside them the
 * number of friends who match now (recounted 300 ms after each change) and the segment in plain
 * words, so staff see what they are building before saving.
 */
export function SegmentBuilder({
  channelId,
  initial,
  attributes,
  forms,
  isSaving,
  serverMessage,
  onSave,
  onDirtyChange,
}: {
  channelId: string
  initial: SegmentValues
  attributes: AttributeRow[]
  forms: FormChoice[]
  isSaving: boolean
  serverMessage: string | null
  onSave: (values: SegmentValues) => void
  onDirtyChange?: (isDirty: boolean) => void
}) {
  const { t, i18n } = useTranslation()
  const [values, setValues] = useState<SegmentValues>(initial)
  const [triedSave, setTriedSave] = useState(false)
  const filter = values.filter
  const isComplete = isFilterComplete(filter)
  const isDirty = JSON.stringify(values) !== JSON.stringify(initial)
  const nameMissing = values.name.trim() === ''
  // biome-ignore lint/correctness/useExhaustiveDependencies: tell the page only when it changes.
  useEffect(() => onDirtyChange?.(isDirty), [isDirty])

  // Live count: the filter (complete ones only) 300 ms after the last change.
  const counter = useFetcher<SegmentCountResult>()
  const filterJson = JSON.stringify(toFilter(filter))
  const [debounced] = useDebouncedValue(isComplete ? filterJson : null, COUNT_DELAY_MS)
  // biome-ignore lint/correctness/useExhaustiveDependencies: recount when the (debounced) filter changes.
  useEffect(() => {
    if (debounced === null) return
    counter.submit({ channelId, filter: JSON.parse(debounced) } as never, {
      method: 'post',
      action: '/segments/count',
      encType: 'application/json',
    })
  }, [debounced, channelId])
  const count = counter.data?.ok ? counter.data.data : null
  const isCounting = counter.state !== 'idle' || (isComplete && debounced !== filterJson)

  const setFilter = (change: (f: DraftFilter) => DraftFilter) =>
    setValues((v) => ({ ...v, filter: change(v.filter) }))
  const setGroup = (index: number, change: (g: DraftGroup) => DraftGroup) =>
    setFilter((f) => ({ ...f, groups: f.groups.map((g, i) => (i === index ? change(g) : g)) }))
  const liveAttributes = attributes.filter((a) => !a.deletedAt)
  const firstCondition = (): DraftCondition =>
    newCondition(liveAttributes.length > 0 ? 'attribute' : 'language', liveAttributes, forms)
  // Attributes a condition may pick: the live ones, and a deleted one a condition still names.
  const attributeChoices = (condition: DraftCondition) => {
    if (condition.kind !== 'attribute' || liveAttributes.some((a) => a.key === condition.key))
      return liveAttributes
    const deleted = attributes.find((a) => a.deletedAt && a.key === condition.key)
    return deleted ? [...liveAttributes, deleted] : liveAttributes
  }
  const totalConditions = filter.groups.reduce((n, g) => n + g.conditions.length, 0)

  const save = () => {
    setTriedSave(true)
    if (nameMissing || !isComplete) return
    onSave({ ...values, filter: toFilter(filter) })
  }

  return (
    <Box
      style={{
        display: 'grid',
        gap: 'var(--mantine-spacing-lg)',
        gridTemplateColumns: 'repeat(auto-fit, minmax(min(100%, 320px), 1fr))',
        alignItems: 'start',
      }}
    >
      <Stack gap="lg" style={{ gridColumn: 'span 2', minWidth: 0 }}>
        <Card withBorder>
          <Stack gap="sm">
            <TextInput
              label={t('segments.builder.name')}
              placeholder={t('segments.builder.namePlaceholder')}
              required
              maxLength={100}
              value={values.name}
              onChange={(e) => {
                const name = e.currentTarget.value
                setValues((v) => ({ ...v, name }))
              }}
              error={triedSave && nameMissing ? t('segments.builder.nameRequired') : undefined}
              data-testid="segment-name"
            />
            <Textarea
              label={t('segments.builder.memo')}
              placeholder={t('segments.builder.memoPlaceholder')}
              autosize
              minRows={2}
              maxRows={6}
              maxLength={1000}
              value={values.description}
              onChange={(e) => {
                const description = e.currentTarget.value
                setValues((v) => ({ ...v, description }))
              }}
              data-testid="segment-memo"
            />
          </Stack>
        </Card>

        <Card withBorder>
          <Stack gap="md">
            <div>
              <Title order={2} size="h4">
                {t('segments.builder.conditionsTitle')}
              </Title>
              <Text size="sm" c="dimmed">
                {t('segments.builder.conditionsHelp')}
              </Text>
            </div>
            {filter.groups.length > 1 ? (
              <Stack gap={4}>
                <Text size="sm" fw={500} id="groups-join">
                  {t('segments.builder.groupsJoin')}
                </Text>
                <SegmentedControl
                  aria-labelledby="groups-join"
                  value={filter.op}
                  onChange={(op) => setFilter((f) => ({ ...f, op: op as DraftFilter['op'] }))}
                  data={[
                    { value: 'and', label: t('segments.builder.groupsAll') },
                    { value: 'or', label: t('segments.builder.groupsAny') },
                  ]}
                  data-testid="groups-op"
                />
              </Stack>
            ) : null}
            {filter.groups.length === 0 ? (
              <Text size="sm" c="dimmed" data-testid="no-conditions">
                {t('segments.builder.noConditions')}
              </Text>
            ) : null}
            {filter.groups.map((group, g) => (
              // biome-ignore lint/suspicious/noArrayIndexKey: groups have no id; they are edited in place.
              <Fragment key={g}>
                {g > 0 ? (
                  <Divider
                    label={
                      <Badge color={filter.op === 'and' ? 'blue' : 'orange'} variant="light">
                        {t(filter.op === 'and' ? 'segments.builder.and' : 'segments.builder.or')}
                      </Badge>
                    }
                  />
                ) : null}
                <Paper
                  withBorder
                  p="md"
                  radius="md"
                  bg="gray.0"
                  data-testid={`segment-group-${g}`}
                  role="group"
                  aria-label={t('segments.builder.groupTitle', { n: g + 1 })}
                >
                  <Group justify="space-between" mb="sm" wrap="wrap">
                    <Text fw={600} size="sm">
                      {t('segments.builder.groupTitle', { n: g + 1 })}
                    </Text>
                    <Group gap="xs">
                      {group.conditions.length > 1 ? (
                        <SegmentedControl
                          size="xs"
                          aria-label={t('segments.builder.groupJoin')}
                          value={group.op}
                          onChange={(op) => setGroup(g, (gr) => ({ ...gr, op: op as DraftGroup['op'] }))}
                          data={[
                            { value: 'and', label: t('segments.builder.groupAll') },
                            { value: 'or', label: t('segments.builder.groupAny') },
                          ]}
                          data-testid={`group-op-${g}`}
                        />
                      ) : null}
                      <Tooltip label={t('segments.builder.removeGroup', { n: g + 1 })}>
                        <ActionIcon
                          variant="subtle"
                          color="red"
                          onClick={() =>
                            setFilter((f) => ({ ...f, groups: f.groups.filter((_, i) => i !== g) }))
                          }
                          aria-label={t('segments.builder.removeGroup', { n: g + 1 })}
                        >
                          <IconTrash size={16} />
                        </ActionIcon>
                      </Tooltip>
                    </Group>
                  </Group>
                  <Stack gap="xs">
                    {group.conditions.map((condition, c) => (
                      // biome-ignore lint/suspicious/noArrayIndexKey: conditions have no id; rows are edited in place.
                      <Fragment key={c}>
                        {c > 0 ? (
                          <Text size="xs" fw={700} c={group.op === 'and' ? 'blue.8' : 'orange.9'}>
                            {t(group.op === 'and' ? 'segments.builder.and' : 'segments.builder.or')}
                          </Text>
                        ) : null}
                        <Paper withBorder p="xs" radius="sm">
                          <ConditionRow
                            condition={condition}
                            attributes={attributeChoices(condition)}
                            forms={forms}
                            showProblem={triedSave}
                            testId={`condition-${g}-${c}`}
                            onChange={(next) =>
                              setGroup(g, (gr) => ({
                                ...gr,
                                conditions: gr.conditions.map((x, i) => (i === c ? next : x)),
                              }))
                            }
                            onRemove={() =>
                              setFilter((f) => ({
                                ...f,
                                groups: f.groups
                                  .map((gr, i) =>
                                    i === g
                                      ? { ...gr, conditions: gr.conditions.filter((_, j) => j !== c) }
                                      : gr,
                                  )
                                  .filter((gr) => gr.conditions.length > 0),
                              }))
                            }
                          />
                        </Paper>
                      </Fragment>
                    ))}
                    <Group>
                      <Button
                        variant="subtle"
                        size="xs"
                        leftSection={<IconPlus size={14} />}
                        disabled={group.conditions.length >= MAX_CONDITIONS}
                        onClick={() =>
                          setGroup(g, (gr) => ({ ...gr, conditions: [...gr.conditions, firstCondition()] }))
                        }
                        data-testid={`add-condition-${g}`}
                      >
                        {t('segments.builder.addCondition')}
                      </Button>
                    </Group>
                  </Stack>
                </Paper>
              </Fragment>
            ))}
            <Group>
              <Button
                variant="light"
                leftSection={<IconPlus size={16} />}
                disabled={filter.groups.length >= MAX_GROUPS}
                onClick={() =>
                  setFilter((f) => ({
                    ...f,
                    groups: [...f.groups, { op: 'or', conditions: [firstCondition()] }],
                  }))
                }
                data-testid="add-group"
              >
                {filter.groups.length === 0
                  ? t('segments.builder.addCondition')
                  : t('segments.builder.addGroup')}
              </Button>
            </Group>
          </Stack>
        </Card>
      </Stack>

      <Card withBorder style={{ position: 'sticky', top: 76 }}>
        <Stack gap="sm">
          <Group gap="xs">
            <IconUsers size={18} />
            <Text fw={600}>{t('segments.builder.count')}</Text>
          </Group>
          <div aria-live="polite" aria-busy={isCounting} data-testid="segment-count">
            {!isComplete ? (
              <Text size="sm" c="orange.8">
                {t('segments.builder.countIncomplete')}
              </Text>
            ) : counter.data && !counter.data.ok ? (
              <Text size="sm" c="red" role="alert">
                {t('segments.builder.countFailed')}
              </Text>
            ) : count ? (
              <Group gap="xs" align="baseline">
                <Text
                  size="2rem"
                  fw={700}
                  lh={1.2}
                  data-testid="segment-count-value"
                  data-count={count.count}
                >
                  {t('segments.builder.countValue', { value: count.count.toLocaleString(i18n.language) })}
                </Text>
                <Text size="sm" c="dimmed">
                  {t('segments.builder.countOf', {
                    followers: count.followers.toLocaleString(i18n.language),
                  })}
                </Text>
                {isCounting ? <Loader size="xs" aria-label={t('segments.builder.counting')} /> : null}
              </Group>
            ) : (
              <Group gap="xs">
                <Loader size="xs" />
                <Text size="sm" c="dimmed">
                  {t('segments.builder.counting')}
                </Text>
              </Group>
            )}
          </div>
          <Text size="xs" c="dimmed">
            {t('segments.builder.followersOnly')}
          </Text>
          <Divider />
          <Text size="sm" fw={600}>
            {t('segments.builder.description')}
          </Text>
          <Text size="sm" data-testid="segment-description" style={{ overflowWrap: 'anywhere' }}>
            {totalConditions === 0
              ? t('segments.builder.everyone')
              : count
                ? count.summary[i18n.language.startsWith('en') ? 'en' : 'ja']
                : '…'}
          </Text>
          <Divider />
          {triedSave && !isComplete ? (
            <Alert color="orange" icon={<IconAlertTriangle size={16} />} role="alert">
              {t('segments.builder.incomplete')}
            </Alert>
          ) : null}
          {serverMessage ? (
            <Alert color="red" role="alert">
              {serverMessage}
            </Alert>
          ) : null}
          {isDirty ? (
            <Text size="xs" c="orange.8">
              {t('segments.builder.unsaved')}
            </Text>
          ) : null}
          <Button
            leftSection={<IconDeviceFloppy size={16} />}
            onClick={save}
            loading={isSaving}
            data-testid="save-segment"
          >
            {t('segments.builder.save')}
          </Button>
        </Stack>
      </Card>
    </Box>
  )
}
