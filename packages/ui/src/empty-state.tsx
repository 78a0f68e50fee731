import { Stack, Text, ThemeIcon, Title } from '@mantine/core'
import type { ReactNode } from 'react'

export type EmptyStateProps = {
  /** A Tabler icon element, e.g. `<IconUsers />`; shown large and muted above the title. */
  icon?: ReactNode
  title: ReactNode
  description?: ReactNode
  /** Usually the button that creates the first item. */
  action?: ReactNode
}

/** What a list or page shows when there is nothing yet, telling staff what to do next. */
export function EmptyState({ icon, title, description, action }: EmptyStateProps) {
  return (
    <Stack align="center" gap="sm" py="xl" px="md" ta="center">
      {icon ? (
        <ThemeIcon size={56} radius="xl" variant="light" color="gray" aria-hidden>
          {icon}
        </ThemeIcon>
      ) : null}
      <Title order={3} size="h4">
        {title}
      </Title>
      {description ? (
        <Text c="dimmed" size="sm" maw={480}>
          {description}
        </Text>
      ) : null}
      {action ? <div>{action}</div> : null}
    </Stack>
  )
}
