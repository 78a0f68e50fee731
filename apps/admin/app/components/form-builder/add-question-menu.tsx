import { QUESTION_TYPE_ORDER, type QuestionType } from '@kairan/forms'
import { useTranslation } from '@kairan/i18n'
import { Button, type ButtonProps, Menu, Stack, Text } from '@mantine/core'
import { IconPlus } from '@tabler/icons-react'
import { Fragment } from 'react'
import { QuestionTypeIcon } from './question-types.tsx'

/** "質問を追加": every question type with its icon and a one-line explanation. */
export function AddQuestionMenu({
  onAdd,
  label,
  disabled,
  ...buttonProps
}: { onAdd: (type: QuestionType) => void; label?: string; disabled?: boolean } & Omit<
  ButtonProps,
  'children'
>) {
  const { t } = useTranslation()
  return (
    <Menu position="bottom-start" shadow="md" width={340} withinPortal>
      <Menu.Target>
        <Button
          variant="light"
          leftSection={<IconPlus size={16} />}
          disabled={disabled}
          data-testid="add-question"
          {...buttonProps}
        >
          {label ?? t('forms.builder.addQuestion')}
        </Button>
      </Menu.Target>
      <Menu.Dropdown mah="min(70vh, 640px)" style={{ overflowY: 'auto' }}>
        {QUESTION_TYPE_ORDER.map((type) => (
          <Fragment key={type}>
            {type === 'staff_note' ? <Menu.Divider /> : null}
            <Menu.Item
              leftSection={<QuestionTypeIcon type={type} />}
              onClick={() => onAdd(type)}
              data-question-type={type}
            >
              <Stack gap={0}>
                <Text size="sm" fw={500}>
                  {t(`forms.types.${type}.label`)}
                </Text>
                <Text size="xs" c="dimmed">
                  {t(`forms.types.${type}.description`)}
                </Text>
              </Stack>
            </Menu.Item>
          </Fragment>
        ))}
      </Menu.Dropdown>
    </Menu>
  )
}
