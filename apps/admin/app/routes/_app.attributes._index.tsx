import { useTranslation } from '@kairan/i18n'
import { ConfirmModal, EmptyState, PageHeader } from '@kairan/ui'
import {
  ActionIcon,
  Alert,
  Badge,
  Button,
  Card,
  Code,
  Group,
  Menu,
  Modal,
  Stack,
  Table,
  Text,
  VisuallyHidden,
} from '@mantine/core'
import { notifications } from '@mantine/notifications'
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from '@remix-run/node'
import { useFetcher, useLoaderData } from '@remix-run/react'
import {
  IconArrowDown,
  IconArrowUp,
  IconDotsVertical,
  IconPencil,
  IconPlus,
  IconTags,
  IconTrash,
} from '@tabler/icons-react'
import { useEffect, useState } from 'react'
import {
  actionResponse,
  requirePagePermission,
  requireSignedIn,
  runAction,
  staffCaller,
  throwAsResponse,
} from '~/.server/staff.server.ts'
import { AttributeEditor, type AttributeValues } from '~/components/segments/attribute-editor.tsx'
import { type AttributeRow, labelIn } from '~/components/segments/labels.ts'
import type { ActionError } from '~/lib/action-result.ts'
import { useActionMessage } from '~/lib/use-zod-form.ts'

export const meta: MetaFunction = () => [{ title: 'Kairan — 住民の属性 / Resident attributes' }]

export async function loader({ context, request }: LoaderFunctionArgs) {
  requirePagePermission(requireSignedIn(context, request), 'segments.manage')
  const rows = await staffCaller(context).attributes.list({}).catch(throwAsResponse)
  return { rows: rows as unknown as AttributeRow[] }
}

type Intent = 'create' | 'update' | 'delete' | 'reorder'
type Body =
  | { intent: 'create'; values: AttributeValues }
  | { intent: 'update'; id: string; values: AttributeValues }
  | { intent: 'delete'; id: string }
  | { intent: 'reorder'; ids: string[] }
export type AttributesResult = { ok: true; intent: Intent } | (ActionError & { intent: Intent })

export async function action({ context, request }: ActionFunctionArgs) {
  requireSignedIn(context, request)
  const caller = staffCaller(context).attributes
  const body = (await request.json()) as Body
  const intent = body.intent
  const result = await runAction(async () => {
    switch (body.intent) {
      case 'create':
        return void (await caller.create(body.values))
      case 'update':
        return void (await caller.update({
          id: body.id,
          label: body.values.label,
          options: body.values.options,
        }))
      case 'delete':
        return void (await caller.delete({ id: body.id }))
      case 'reorder':
        return void (await caller.reorder({ ids: body.ids }))
      default:
        throw new Response(null, { status: 400 })
    }
  })
  return actionResponse(result.ok ? { ok: true as const, intent } : { ...result, intent })
}

/**
 * 住民の属性 (SEG-3): the attributes residents answer (district, age group, interests), in the
 * order residents see them; add and edit in a dialog, delete after a confirmation, move up/down.
 */
export default function AttributesPage() {
  const { rows } = useLoaderData<typeof loader>()
  const { t, i18n } = useTranslation()
  const fetcher = useFetcher<AttributesResult>()
  const [editing, setEditing] = useState<AttributeRow | 'new' | null>(null)
  const [deleting, setDeleting] = useState<AttributeRow | null>(null)
  const result = fetcher.state === 'idle' ? fetcher.data : undefined
  const message = useActionMessage(result && !result.ok && result.fields ? undefined : result)
  const isSaving = fetcher.state !== 'idle'
  // biome-ignore lint/correctness/useExhaustiveDependencies: once per result.
  useEffect(() => {
    if (!result?.ok) return
    if (result.intent === 'create' || result.intent === 'update') setEditing(null)
    const done = { create: 'saved', update: 'saved', delete: 'deleted', reorder: 'reordered' } as const
    notifications.show({ color: 'green', message: t(`segments.attributes.${done[result.intent]}`) })
  }, [result])

  const submit = (body: Body) =>
    fetcher.submit(body as never, { method: 'post', encType: 'application/json' })
  const move = (index: number, step: -1 | 1) => {
    const ids = rows.map((r) => r.id)
    const [id] = ids.splice(index, 1)
    if (id) ids.splice(index + step, 0, id)
    submit({ intent: 'reorder', ids })
  }
  const editorResult =
    result && !result.ok && (result.intent === 'create' || result.intent === 'update') ? result : undefined

  return (
    <>
      <PageHeader
        title={t('segments.attributes.title')}
        description={t('segments.attributes.description')}
        actions={
          rows.length > 0 ? (
            <Button
              leftSection={<IconPlus size={16} />}
              onClick={() => setEditing('new')}
              data-testid="new-attribute"
            >
              {t('segments.attributes.add')}
            </Button>
          ) : null
        }
      />
      {message && !editing ? (
        <Alert color="red" mb="md" role="alert">
          {message}
        </Alert>
      ) : null}
      <Card withBorder>
        {rows.length === 0 ? (
          <EmptyState
            icon={<IconTags size={32} />}
            title={t('segments.attributes.emptyTitle')}
            description={
              <Stack gap="xs" component="span">
                <span>{t('segments.attributes.emptyText')}</span>
                <span>{t('segments.attributes.emptyText2')}</span>
              </Stack>
            }
            action={
              <Button
                leftSection={<IconPlus size={16} />}
                onClick={() => setEditing('new')}
                data-testid="new-attribute"
              >
                {t('segments.attributes.add')}
              </Button>
            }
          />
        ) : (
          <>
            <Table.ScrollContainer minWidth={760}>
              <Table verticalSpacing="sm" highlightOnHover data-testid="attributes-table">
                <Table.Thead>
                  <Table.Tr>
                    <Table.Th w={90}>{t('segments.attributes.order')}</Table.Th>
                    <Table.Th>{t('segments.attributes.name')}</Table.Th>
                    <Table.Th>{t('segments.attributes.key')}</Table.Th>
                    <Table.Th>{t('segments.attributes.kind')}</Table.Th>
                    <Table.Th>{t('segments.attributes.options')}</Table.Th>
                    <Table.Th w={48}>
                      <VisuallyHidden>{t('common.actions')}</VisuallyHidden>
                    </Table.Th>
                  </Table.Tr>
                </Table.Thead>
                <Table.Tbody>
                  {rows.map((row, index) => {
                    const name = labelIn(row.label, i18n.language)
                    return (
                      <Table.Tr key={row.id} data-attribute-key={row.key}>
                        <Table.Td>
                          <Group gap={2} wrap="nowrap">
                            <ActionIcon
                              variant="subtle"
                              color="gray"
                              disabled={index === 0 || isSaving}
                              onClick={() => move(index, -1)}
                              aria-label={t('segments.attributes.upNamed', { name })}
                            >
                              <IconArrowUp size={16} />
                            </ActionIcon>
                            <ActionIcon
                              variant="subtle"
                              color="gray"
                              disabled={index === rows.length - 1 || isSaving}
                              onClick={() => move(index, 1)}
                              aria-label={t('segments.attributes.downNamed', { name })}
                            >
                              <IconArrowDown size={16} />
                            </ActionIcon>
                          </Group>
                        </Table.Td>
                        <Table.Td>
                          <Text
                            size="sm"
                            fw={500}
                            component="button"
                            type="button"
                            onClick={() => setEditing(row)}
                            style={{
                              background: 'none',
                              border: 0,
                              padding: 0,
                              cursor: 'pointer',
                              color: 'var(--mantine-color-anchor)',
                            }}
                          >
                            {name}
                          </Text>
                        </Table.Td>
                        <Table.Td>
                          <Code>{row.key}</Code>
                        </Table.Td>
                        <Table.Td>
                          <Badge variant="light" color={row.kind === 'single' ? 'blue' : 'grape'}>
                            {t(`segments.attributes.kinds.${row.kind}`)}
                          </Badge>
                        </Table.Td>
                        <Table.Td>
                          <Group gap={4}>
                            {row.options.slice(0, 6).map((o) => (
                              <Badge key={o.value} variant="outline" color="gray" tt="none">
                                {labelIn(o.label, i18n.language)}
                              </Badge>
                            ))}
                            {row.options.length > 6 ? (
                              <Text size="xs" c="dimmed">
                                +{row.options.length - 6}
                              </Text>
                            ) : null}
                          </Group>
                        </Table.Td>
                        <Table.Td>
                          <Menu position="bottom-end" withinPortal>
                            <Menu.Target>
                              <ActionIcon
                                variant="subtle"
                                color="gray"
                                aria-label={t('segments.attributes.rowMenu', { name })}
                              >
                                <IconDotsVertical size={16} />
                              </ActionIcon>
                            </Menu.Target>
                            <Menu.Dropdown>
                              <Menu.Item
                                leftSection={<IconPencil size={14} />}
                                onClick={() => setEditing(row)}
                              >
                                {t('common.edit')}
                              </Menu.Item>
                              <Menu.Divider />
                              <Menu.Item
                                color="red"
                                leftSection={<IconTrash size={14} />}
                                onClick={() => setDeleting(row)}
                              >
                                {t('common.delete')}
                              </Menu.Item>
                            </Menu.Dropdown>
                          </Menu>
                        </Table.Td>
                      </Table.Tr>
                    )
                  })}
                </Table.Tbody>
              </Table>
            </Table.ScrollContainer>
            <Text size="sm" c="dimmed" mt="md">
              {t('segments.attributes.count', { count: rows.length })}
            </Text>
          </>
        )}
      </Card>

      <Modal
        opened={editing !== null}
        onClose={() => (isSaving ? undefined : setEditing(null))}
        title={
          editing === 'new' || editing === null
            ? t('segments.attributes.createTitle')
            : t('segments.attributes.editTitle', { name: labelIn(editing.label, i18n.language) })
        }
        size="xl"
      >
        {editing !== null ? (
          <Stack gap="sm">
            {editorResult && !editorResult.fields ? (
              <Alert color="red" role="alert">
                {t(editorResult.key)}
              </Alert>
            ) : null}
            <AttributeEditor
              key={editing === 'new' ? 'new' : editing.id}
              initial={editing === 'new' ? null : editing}
              isSaving={isSaving}
              serverFields={editorResult?.fields}
              onCancel={() => setEditing(null)}
              onSubmit={(values) =>
                submit(
                  editing === 'new'
                    ? { intent: 'create', values }
                    : { intent: 'update', id: editing.id, values },
                )
              }
            />
          </Stack>
        ) : null}
      </Modal>

      <ConfirmModal
        opened={deleting !== null}
        onClose={() => setDeleting(null)}
        onConfirm={() => {
          if (deleting) submit({ intent: 'delete', id: deleting.id })
          setDeleting(null)
        }}
        title={t('segments.attributes.deleteTitle')}
        message={t('segments.attributes.deleteText', {
          name: deleting ? labelIn(deleting.label, i18n.language) : '',
        })}
        confirmLabel={t('common.delete')}
        isDanger
      />
    </>
  )
}

export { RouteErrorBoundary as ErrorBoundary } from '~/components/route-error.tsx'
