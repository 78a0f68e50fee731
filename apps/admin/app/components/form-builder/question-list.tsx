import {
  type Announcements,
  closestCenter,
  DndContext,
  type DragEndEvent,
  KeyboardSensor,
  MeasuringStrategy,
  PointerSensor,
  useSensor,
  useSensors,
} from '@dnd-kit/core'
import {
  arrayMove,
  SortableContext,
  sortableKeyboardCoordinates,
  useSortable,
  verticalListSortingStrategy,
} from '@dnd-kit/sortable'
import { CSS } from '@dnd-kit/utilities'
import {
  addSection,
  allQuestions,
  applyFlatOrder,
  canMoveQuestionBy,
  duplicateQuestion,
  type FormDefinition,
  findQuestion,
  flattenItems,
  hasAnyText,
  localize,
  moveQuestion,
  moveQuestionBy,
  moveSectionBy,
  type Question,
  type QuestionType,
  removeQuestion,
  removeSection,
  type Section,
  updateQuestion,
  updateSection,
} from '@kairan/forms'
import { useTranslation } from '@kairan/i18n'
import { ConfirmModal } from '@kairan/ui'
import {
  ActionIcon,
  Badge,
  Box,
  Button,
  Card,
  Collapse,
  Group,
  Menu,
  Stack,
  Text,
  Tooltip,
  UnstyledButton,
} from '@mantine/core'
import {
  IconAlertTriangle,
  IconArrowDown,
  IconArrowUp,
  IconChevronDown,
  IconChevronRight,
  IconCopy,
  IconDotsVertical,
  IconEdit,
  IconGitBranch,
  IconGripVertical,
  IconLayoutList,
  IconPlus,
  IconTag,
  IconTrash,
} from '@tabler/icons-react'
import { type ReactNode, useMemo, useState } from 'react'
import { AddQuestionMenu } from './add-question-menu.tsx'
import { type ProblemIndex, problemMessage } from './issues.ts'
import { LocalizedInput } from './localized-input.tsx'
import { QuestionEditor } from './question-editor.tsx'
import { QuestionTypeIcon } from './question-types.tsx'

/** Missing translations in the current language, counted where the builder shows them. */
export type MissingIndex = { question: Map<string, number>; section: Map<string, number> }

type Props = {
  definition: FormDefinition
  language: string
  selectedId: string | null
  /** A question just added: its editor opens with the label focused. */
  newId: string | null
  onSelect: (questionId: string | null) => void
  onChange: (next: FormDefinition) => void
  onAdd: (type: QuestionType, sectionId: string) => void
  problems: ProblemIndex
  missing: MissingIndex
}

/**
 * The builder's left column: sections and their questions in one sortable list (drag by the
 * handle, or with the keyboard: focus the handle, Space, arrows, Space), each question opening
 * into its editor. Section headers are part of the list but cannot be dragged, so dropping a
 * question under another section's header moves it into that section.
 */
export function QuestionList(props: Props) {
  const { definition, onChange, onSelect } = props
  const { t } = useTranslation()
  const [activeId, setActiveId] = useState<string | null>(null)
  const [pendingDelete, setPendingDelete] = useState<Question | null>(null)
  const [pendingSectionDelete, setPendingSectionDelete] = useState<Section | null>(null)
  const flat = useMemo(() => flattenItems(definition), [definition])
  const numbers = useMemo(() => new Map(allQuestions(definition).map((q, i) => [q.id, i + 1])), [definition])
  const sensors = useSensors(
    useSensor(PointerSensor, { activationConstraint: { distance: 6 } }),
    useSensor(KeyboardSensor, { coordinateGetter: sortableKeyboardCoordinates }),
  )

  const nameOf = (id: string | number) => {
    const found = findQuestion(definition, String(id))
    if (found) return t('forms.dnd.questionName', { n: numbers.get(found.question.id) ?? 0 })
    const s = definition.sections.findIndex((section) => section.id === id)
    return t('forms.dnd.sectionName', { n: s + 1 })
  }
  const announcements: Announcements = {
    onDragStart: ({ active }) => t('forms.dnd.start', { item: nameOf(active.id) }),
    onDragOver: ({ active, over }) =>
      over ? t('forms.dnd.over', { item: nameOf(active.id), target: nameOf(over.id) }) : undefined,
    onDragEnd: ({ active, over }) =>
      over ? t('forms.dnd.end', { item: nameOf(active.id), target: nameOf(over.id) }) : undefined,
    onDragCancel: ({ active }) => t('forms.dnd.cancel', { item: nameOf(active.id) }),
  }

  const onDragEnd = ({ active, over }: DragEndEvent) => {
    setActiveId(null)
    if (!over || active.id === over.id) return
    const from = flat.findIndex((item) => item.id === active.id)
    const to = flat.findIndex((item) => item.id === over.id)
    if (from < 0 || to < 0) return
    onChange(applyFlatOrder(definition, arrayMove(flat, from, to)))
  }

  const sectionCount = definition.sections.length
  return (
    <>
      <DndContext
        sensors={sensors}
        collisionDetection={closestCenter}
        measuring={{ droppable: { strategy: MeasuringStrategy.Always } }}
        onDragStart={({ active }) => setActiveId(String(active.id))}
        onDragEnd={onDragEnd}
        onDragCancel={() => setActiveId(null)}
        accessibility={{
          announcements,
          screenReaderInstructions: { draggable: t('forms.dnd.instructions') },
        }}
      >
        <SortableContext items={flat.map((item) => item.id)} strategy={verticalListSortingStrategy}>
          <Stack gap="sm" data-testid="question-list">
            {definition.sections.map((section, sectionIndex) => (
              <Stack key={section.id} gap="sm">
                <SectionHeader
                  {...props}
                  section={section}
                  index={sectionIndex}
                  count={sectionCount}
                  onDelete={() => setPendingSectionDelete(section)}
                />
                {section.questions.length === 0 ? (
                  <Text size="sm" c="dimmed" ta="center" py="xs">
                    {t('forms.builder.sectionEmpty')}
                  </Text>
                ) : null}
                {section.questions.map((question) => (
                  <QuestionCard
                    key={question.id}
                    {...props}
                    question={question}
                    number={numbers.get(question.id) ?? 0}
                    isDragActive={activeId !== null}
                    onDelete={() => setPendingDelete(question)}
                  />
                ))}
                {props.language === 'ja' ? (
                  <Group>
                    <AddQuestionMenu
                      size="xs"
                      variant="subtle"
                      label={
                        sectionCount > 1
                          ? t('forms.builder.addQuestionToSection', { n: sectionIndex + 1 })
                          : undefined
                      }
                      onAdd={(type) => props.onAdd(type, section.id)}
                    />
                  </Group>
                ) : null}
              </Stack>
            ))}
          </Stack>
        </SortableContext>
      </DndContext>
      {props.language === 'ja' ? (
        <Group mt="md">
          <Button
            variant="default"
            leftSection={<IconLayoutList size={16} />}
            onClick={() => onChange(addSection(definition).definition)}
            data-testid="add-section"
          >
            {t('forms.builder.addSection')}
          </Button>
        </Group>
      ) : null}
      <ConfirmModal
        opened={pendingDelete !== null}
        onClose={() => setPendingDelete(null)}
        title={t('forms.builder.deleteQuestionTitle')}
        message={t('forms.builder.deleteQuestionText', {
          label: pendingDelete ? localize(pendingDelete.label, 'ja') || t('forms.question.untitled') : '',
        })}
        confirmLabel={t('forms.builder.deleteQuestion')}
        isDanger
        onConfirm={() => {
          if (pendingDelete) {
            onChange(removeQuestion(definition, pendingDelete.id))
            if (props.selectedId === pendingDelete.id) onSelect(null)
          }
          setPendingDelete(null)
        }}
      />
      <ConfirmModal
        opened={pendingSectionDelete !== null}
        onClose={() => setPendingSectionDelete(null)}
        title={t('forms.builder.deleteSectionTitle')}
        message={t('forms.builder.deleteSectionText')}
        confirmLabel={t('forms.builder.deleteSection')}
        isDanger
        onConfirm={() => {
          if (pendingSectionDelete) onChange(removeSection(definition, pendingSectionDelete.id))
          setPendingSectionDelete(null)
        }}
      />
    </>
  )
}

function SectionHeader({
  section,
  index,
  count,
  definition,
  language,
  onChange,
  onDelete,
  problems,
  missing,
}: Props & { section: Section; index: number; count: number; onDelete: () => void }) {
  const { t } = useTranslation()
  // Headers take part in the sorting (questions move past them) but are never dragged themselves.
  const { setNodeRef, transform, transition } = useSortable({ id: section.id, disabled: { draggable: true } })
  const sectionProblems = problems.section(section.id)
  const hasTexts = hasAnyText(section.title) || hasAnyText(section.description)
  const [isEditing, setEditing] = useState(false)
  const missingCount = missing.section.get(section.id) ?? 0
  const title = localize(section.title, language)
  const isJapanese = language === 'ja'
  return (
    <Box
      ref={setNodeRef}
      style={{ transform: CSS.Translate.toString(transform), transition }}
      data-section-id={section.id}
    >
      <Card withBorder padding="sm" bg="blue.0" style={{ borderColor: 'var(--mantine-color-blue-2)' }}>
        <Group justify="space-between" wrap="nowrap" gap="xs">
          <UnstyledButton
            onClick={() => setEditing((v) => !v)}
            aria-expanded={isEditing}
            style={{ flex: 1, minWidth: 0 }}
          >
            <Group gap={6} wrap="nowrap">
              {isEditing ? <IconChevronDown size={16} /> : <IconChevronRight size={16} />}
              <Text size="xs" c="blue.8" fw={700} style={{ whiteSpace: 'nowrap' }}>
                {t('forms.builder.sectionNumber', { n: index + 1, count })}
              </Text>
              <Text size="sm" fw={600} truncate>
                {title || (hasTexts ? '' : t('forms.builder.sectionNoTitle'))}
              </Text>
              {missingCount > 0 ? (
                <Badge size="xs" color="yellow" variant="light">
                  {t('forms.lang.missingCount', { count: missingCount })}
                </Badge>
              ) : null}
              {sectionProblems.size > 0 ? (
                <IconAlertTriangle size={14} color="var(--mantine-color-red-6)" />
              ) : null}
            </Group>
          </UnstyledButton>
          <Menu position="bottom-end" withinPortal>
            <Menu.Target>
              <ActionIcon
                variant="subtle"
                color="gray"
                aria-label={t('forms.builder.sectionMenu', { n: index + 1 })}
              >
                <IconDotsVertical size={16} />
              </ActionIcon>
            </Menu.Target>
            <Menu.Dropdown>
              <Menu.Item leftSection={<IconEdit size={14} />} onClick={() => setEditing(true)}>
                {t('forms.builder.editSection')}
              </Menu.Item>
              {isJapanese ? (
                <>
                  <Menu.Item
                    leftSection={<IconArrowUp size={14} />}
                    disabled={index === 0}
                    onClick={() => onChange(moveSectionBy(definition, section.id, -1))}
                  >
                    {t('forms.builder.sectionUp')}
                  </Menu.Item>
                  <Menu.Item
                    leftSection={<IconArrowDown size={14} />}
                    disabled={index === count - 1}
                    onClick={() => onChange(moveSectionBy(definition, section.id, 1))}
                  >
                    {t('forms.builder.sectionDown')}
                  </Menu.Item>
                  <Menu.Item
                    leftSection={<IconPlus size={14} />}
                    onClick={() => onChange(addSection(definition, section.id).definition)}
                  >
                    {t('forms.builder.addSectionAfter')}
                  </Menu.Item>
                  <Menu.Divider />
                  <Menu.Item
                    color="red"
                    leftSection={<IconTrash size={14} />}
                    disabled={count <= 1}
                    onClick={onDelete}
                  >
                    {t('forms.builder.deleteSection')}
                  </Menu.Item>
                </>
              ) : null}
            </Menu.Dropdown>
          </Menu>
        </Group>
        <Collapse in={isEditing}>
          <Stack gap="sm" mt="sm">
            <Text size="xs" c="dimmed">
              {t('forms.builder.sectionHelp')}
            </Text>
            <LocalizedInput
              label={t('forms.builder.sectionTitle')}
              value={section.title}
              language={language}
              maxLength={200}
              onChange={(title) =>
                onChange(
                  updateSection(definition, section.id, (s) => ({
                    ...s,
                    title: hasAnyText(title) ? title : undefined,
                  })),
                )
              }
              error={
                sectionProblems.get('title')
                  ? problemMessage(t, sectionProblems.get('title') ?? '')
                  : undefined
              }
            />
            <LocalizedInput
              label={t('forms.builder.sectionDescription')}
              value={section.description}
              language={language}
              isMultiline
              maxLength={2000}
              onChange={(description) =>
                onChange(
                  updateSection(definition, section.id, (s) => ({
                    ...s,
                    description: hasAnyText(description) ? description : undefined,
                  })),
                )
              }
            />
          </Stack>
        </Collapse>
      </Card>
    </Box>
  )
}

function QuestionCard({
  question,
  number,
  definition,
  language,
  selectedId,
  newId,
  onSelect,
  onChange,
  onDelete,
  problems,
  missing,
  isDragActive,
}: Props & { question: Question; number: number; isDragActive: boolean; onDelete: () => void }) {
  const { t } = useTranslation()
  const { attributes, listeners, setNodeRef, setActivatorNodeRef, transform, transition, isDragging } =
    useSortable({
      id: question.id,
    })
  const isSelected = selectedId === question.id
  const questionProblems = problems.question(question.id)
  const missingCount = missing.question.get(question.id) ?? 0
  const label = localize(question.label, language)
  const location = findQuestion(definition, question.id)
  const otherSections = definition.sections
    .map((s, i) => ({ s, i }))
    .filter(({ i }) => i !== location?.sectionIndex)
  const isJapanese = language === 'ja'
  const typeName = t(`forms.types.${question.type}.label`)
  const badges: ReactNode[] = []
  if (question.required)
    badges.push(
      <Badge key="required" size="xs" color="red" variant="light">
        {t('forms.builder.requiredBadge')}
      </Badge>,
    )
  if (question.showWhen)
    badges.push(
      <Badge key="condition" size="xs" color="blue" variant="light" leftSection={<IconGitBranch size={10} />}>
        {t('forms.builder.conditionBadge')}
      </Badge>,
    )
  if (question.attributeKey !== undefined)
    badges.push(
      <Badge key="attribute" size="xs" color="grape" variant="light" leftSection={<IconTag size={10} />}>
        {t('forms.builder.attributeBadge')}
      </Badge>,
    )
  if (missingCount > 0)
    badges.push(
      <Badge key="missing" size="xs" color="yellow" variant="light">
        {t('forms.lang.missingCount', { count: missingCount })}
      </Badge>,
    )
  const firstProblem = questionProblems.values().next().value

  return (
    <Card
      ref={setNodeRef}
      withBorder
      padding={0}
      shadow={isDragging ? 'lg' : isSelected ? 'sm' : undefined}
      data-question-id={question.id}
      data-question-type={question.type}
      style={{
        transform: CSS.Translate.toString(transform),
        transition,
        zIndex: isDragging ? 2 : undefined,
        position: 'relative',
        borderColor: firstProblem
          ? 'var(--mantine-color-red-5)'
          : isSelected
            ? 'var(--mantine-color-blue-5)'
            : undefined,
        opacity: isDragging ? 0.9 : 1,
      }}
    >
      <Group gap={4} wrap="nowrap" align="center" px={4} py={6}>
        <Tooltip label={t('forms.dnd.handle')} openDelay={500}>
          <ActionIcon
            ref={setActivatorNodeRef}
            variant="subtle"
            color="gray"
            style={{ cursor: 'grab', touchAction: 'none' }}
            {...attributes}
            {...listeners}
            aria-label={t('forms.dnd.handleNamed', { n: number })}
            aria-roledescription={t('forms.dnd.roleDescription')}
          >
            <IconGripVertical size={18} />
          </ActionIcon>
        </Tooltip>
        <UnstyledButton
          onClick={() => onSelect(isSelected ? null : question.id)}
          aria-expanded={isSelected}
          style={{ flex: 1, minWidth: 0 }}
          py={4}
          data-testid="question-toggle"
        >
          <Group gap="xs" wrap="nowrap">
            <Text size="sm" c="dimmed" fw={600} w={32} style={{ flexShrink: 0 }}>
              {t('forms.builder.questionNumber', { n: number })}
            </Text>
            <Tooltip label={typeName}>
              <Box c="blue.7" style={{ display: 'flex', flexShrink: 0 }} aria-label={typeName} role="img">
                <QuestionTypeIcon type={question.type} />
              </Box>
            </Tooltip>
            <Stack gap={2} style={{ minWidth: 0, flex: 1 }}>
              <Text size="sm" fw={500} truncate c={label ? undefined : 'dimmed'}>
                {label || t('forms.question.untitled')}
              </Text>
              {badges.length > 0 || firstProblem ? (
                <Group gap={4}>
                  {badges}
                  {firstProblem ? (
                    <Badge
                      size="xs"
                      color="red"
                      variant="filled"
                      leftSection={<IconAlertTriangle size={10} />}
                    >
                      {t('forms.builder.problemCount', { count: questionProblems.size })}
                    </Badge>
                  ) : null}
                </Group>
              ) : null}
            </Stack>
          </Group>
        </UnstyledButton>
        <Menu position="bottom-end" withinPortal>
          <Menu.Target>
            <ActionIcon
              variant="subtle"
              color="gray"
              aria-label={t('forms.builder.questionMenu', { n: number })}
            >
              <IconDotsVertical size={16} />
            </ActionIcon>
          </Menu.Target>
          <Menu.Dropdown>
            <Menu.Item leftSection={<IconEdit size={14} />} onClick={() => onSelect(question.id)}>
              {t('forms.builder.editQuestion')}
            </Menu.Item>
            <Menu.Item
              leftSection={<IconArrowUp size={14} />}
              disabled={!canMoveQuestionBy(definition, question.id, -1)}
              onClick={() => onChange(moveQuestionBy(definition, question.id, -1))}
            >
              {t('forms.builder.moveUp')}
            </Menu.Item>
            <Menu.Item
              leftSection={<IconArrowDown size={14} />}
              disabled={!canMoveQuestionBy(definition, question.id, 1)}
              onClick={() => onChange(moveQuestionBy(definition, question.id, 1))}
            >
              {t('forms.builder.moveDown')}
            </Menu.Item>
            {otherSections.length > 0 ? (
              <>
                <Menu.Label>{t('forms.builder.moveToSection')}</Menu.Label>
                {otherSections.map(({ s, i }) => (
                  <Menu.Item
                    key={s.id}
                    leftSection={<IconLayoutList size={14} />}
                    onClick={() =>
                      onChange(
                        moveQuestion(definition, question.id, { sectionId: s.id, index: s.questions.length }),
                      )
                    }
                  >
                    {t('forms.builder.sectionOption', {
                      n: i + 1,
                      title: localize(s.title, 'ja') || t('forms.builder.sectionNoTitle'),
                    })}
                  </Menu.Item>
                ))}
              </>
            ) : null}
            {isJapanese ? (
              <>
                <Menu.Divider />
                <Menu.Item
                  leftSection={<IconCopy size={14} />}
                  onClick={() => {
                    const copy = duplicateQuestion(definition, question.id)
                    onChange(copy.definition)
                    onSelect(copy.questionId)
                  }}
                >
                  {t('forms.builder.duplicateQuestion')}
                </Menu.Item>
                <Menu.Item color="red" leftSection={<IconTrash size={14} />} onClick={onDelete}>
                  {t('forms.builder.deleteQuestion')}
                </Menu.Item>
              </>
            ) : null}
          </Menu.Dropdown>
        </Menu>
      </Group>
      {isSelected && !isDragActive ? (
        <Box px="md" pb="md" pt="xs" style={{ borderTop: '1px solid var(--mantine-color-gray-2)' }}>
          <Group gap={6} mb="sm" c="dimmed">
            <QuestionTypeIcon type={question.type} size={14} />
            <Text size="xs">{t(`forms.types.${question.type}.description`)}</Text>
          </Group>
          <QuestionEditor
            question={question}
            definition={definition}
            language={language}
            problems={questionProblems}
            isNew={newId === question.id}
            onChange={(next) => onChange(updateQuestion(definition, question.id, () => next))}
          />
        </Box>
      ) : null}
    </Card>
  )
}
