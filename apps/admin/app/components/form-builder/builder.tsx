import {
  addQuestion,
  type FormDefinition,
  type FormLanguage,
  locatePath,
  missingTranslations,
  newQuestion,
  type QuestionType,
} from '@kairan/forms'
import { useTranslation } from '@kairan/i18n'
import { Alert, Anchor, Box, Grid, List, Stack, Text } from '@mantine/core'
import { IconAlertTriangle, IconInfoCircle } from '@tabler/icons-react'
import { useMemo, useState } from 'react'
import { FormEndEditor, FormIntroEditor } from './form-texts.tsx'
import { type ProblemIndex, problemMessage } from './issues.ts'
import { FormPreview } from './preview.tsx'
import { type MissingIndex, QuestionList } from './question-list.tsx'

type Props = {
  definition: FormDefinition
  onChange: (next: FormDefinition) => void
  language: FormLanguage
  problems: ProblemIndex
  /** The sticky bar above the editor: language tabs, save and publish. */
  toolbar: React.ReactNode
  /** Height of the sticky bar, so the preview sticks just below it. */
  toolbarHeight: number
}

function missingIndex(definition: FormDefinition, language: string): MissingIndex {
  const question = new Map<string, number>()
  const section = new Map<string, number>()
  for (const path of missingTranslations(definition, language)) {
    const where = locatePath(definition, path)
    if (where.questionId) question.set(where.questionId, (question.get(where.questionId) ?? 0) + 1)
    else if (where.sectionId) section.set(where.sectionId, (section.get(where.sectionId) ?? 0) + 1)
  }
  return { question, section }
}

/**
 * The builder's body: form texts and the question list on the left, the live preview on the
 * right (below on narrow screens).
 */
export function FormBuilder({ definition, onChange, language, problems, toolbar, toolbarHeight }: Props) {
  const { t, i18n } = useTranslation()
  const [selectedId, setSelectedId] = useState<string | null>(null)
  const [newId, setNewId] = useState<string | null>(null)
  const missing = useMemo(() => missingIndex(definition, language), [definition, language])
  const missingCount = useMemo(() => missingTranslations(definition, language).length, [definition, language])
  const isJapanese = language === 'ja'

  const add = (type: QuestionType, sectionId: string) => {
    const question = newQuestion(type, i18n.language)
    const selected = selectedId
      ? definition.sections.find((s) => s.questions.some((q) => q.id === selectedId))
      : undefined
    // Into the section asked for: after the open question when it is in that section, else at its end.
    onChange(
      addQuestion(
        definition,
        question,
        selected?.id === sectionId ? { afterQuestionId: selectedId ?? undefined } : { sectionId },
      ),
    )
    setSelectedId(question.id)
    setNewId(question.id)
  }

  const select = (id: string | null) => {
    setSelectedId(id)
    setNewId(null)
  }

  return (
    <Stack gap="md">
      <Box
        pos="sticky"
        top={60}
        style={{ zIndex: 20 }}
        mx="calc(var(--mantine-spacing-lg) * -1)"
        px="lg"
        py="xs"
        bg="gray.0"
      >
        {toolbar}
      </Box>
      <Grid gutter="lg">
        <Grid.Col span={{ base: 12, lg: 7 }}>
          <Stack gap="md">
            {isJapanese ? null : (
              <Alert color={missingCount > 0 ? 'yellow' : 'green'} icon={<IconInfoCircle size={18} />}>
                <Stack gap={4}>
                  <Text size="sm">
                    {missingCount > 0
                      ? t('forms.lang.translatingMissing', {
                          language: t(`forms.lang.names.${language}`),
                          count: missingCount,
                        })
                      : t('forms.lang.translatingDone', { language: t(`forms.lang.names.${language}`) })}
                  </Text>
                  <Text size="xs">{t('forms.lang.translatingHelp')}</Text>
                  {language === 'ja-easy' ? <Text size="xs">{t('forms.lang.furiganaHint')}</Text> : null}
                </Stack>
              </Alert>
            )}
            <ProblemSummary
              problems={problems}
              definition={definition}
              onSelect={(id) => {
                select(id)
                requestAnimationFrame(() =>
                  document
                    .querySelector(`[data-question-id="${id}"]`)
                    ?.scrollIntoView({ block: 'center', behavior: 'smooth' }),
                )
              }}
            />
            <FormIntroEditor
              definition={definition}
              language={language}
              onChange={onChange}
              problems={problems.form}
            />
            <QuestionList
              definition={definition}
              language={language}
              selectedId={selectedId}
              newId={newId}
              onSelect={select}
              onChange={onChange}
              onAdd={add}
              problems={problems}
              missing={missing}
            />
            <FormEndEditor
              definition={definition}
              language={language}
              onChange={onChange}
              problems={problems.form}
            />
          </Stack>
        </Grid.Col>
        <Grid.Col span={{ base: 12, lg: 5 }}>
          <Box pos={{ base: 'static', lg: 'sticky' }} top={60 + toolbarHeight + 8}>
            <FormPreview
              definition={definition}
              language={language}
              frameHeight={`clamp(420px, calc(100vh - ${60 + toolbarHeight + 190}px), 760px)`}
            />
          </Box>
        </Grid.Col>
      </Grid>
    </Stack>
  )
}

/** "公開する前に直す点": every problem, each a link to its question. */
function ProblemSummary({
  problems,
  definition,
  onSelect,
}: {
  problems: ProblemIndex
  definition: FormDefinition
  onSelect: (questionId: string) => void
}) {
  const { t } = useTranslation()
  if (problems.all.length === 0) return null
  const numbers = new Map(definition.sections.flatMap((s) => s.questions).map((q, i) => [q.id, i + 1]))
  const shown = problems.all.slice(0, 8)
  return (
    <Alert
      color="red"
      icon={<IconAlertTriangle size={18} />}
      title={t('forms.builder.problemsTitle', { count: problems.all.length })}
      role="alert"
    >
      <List size="sm" spacing={2}>
        {shown.map((p) => {
          const where = p.questionId
            ? t('forms.builder.problemAtQuestion', { n: numbers.get(p.questionId) ?? 0 })
            : p.sectionId
              ? t('forms.builder.problemAtSection', {
                  n: definition.sections.findIndex((s) => s.id === p.sectionId) + 1,
                })
              : t(`forms.builder.problemAtForm`)
          return (
            <List.Item key={p.path}>
              {p.questionId ? (
                <Anchor
                  component="button"
                  type="button"
                  size="sm"
                  onClick={() => onSelect(p.questionId ?? '')}
                >
                  {where}
                </Anchor>
              ) : (
                <Text span size="sm" fw={500}>
                  {where}
                </Text>
              )}
              {`: ${problemMessage(t, p.key)}`}
            </List.Item>
          )
        })}
      </List>
      {problems.all.length > shown.length ? (
        <Text size="xs" mt={4}>
          {t('forms.builder.problemsMore', { count: problems.all.length - shown.length })}
        </Text>
      ) : null}
    </Alert>
  )
}
