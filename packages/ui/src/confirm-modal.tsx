import { useTranslation } from '@kairan/i18n'
import { Button, Group, Modal, Text } from '@mantine/core'
import type { ReactNode } from 'react'

export type ConfirmModalProps = {
  opened: boolean
  onClose: () => void
  onConfirm: () => void
  title: ReactNode
  message: ReactNode
  /** Say what happens ("削除する", "配信を中止する"); defaults to the generic `common.confirm`. */
  confirmLabel?: ReactNode
  cancelLabel?: ReactNode
  /** Red confirm button, for actions that destroy or cannot be undone. */
  isDanger?: boolean
  /** While the action runs: the button spins and the modal cannot be dismissed half-way. */
  isLoading?: boolean
}

/** Asks before an action that changes data; the cancel button gets focus so Enter never confirms by accident. */
export function ConfirmModal({
  opened,
  onClose,
  onConfirm,
  title,
  message,
  confirmLabel,
  cancelLabel,
  isDanger = false,
  isLoading = false,
}: ConfirmModalProps) {
  const { t } = useTranslation()
  const close = () => {
    if (!isLoading) onClose()
  }
  return (
    <Modal
      opened={opened}
      onClose={close}
      title={title}
      centered
      closeOnClickOutside={!isLoading}
      closeOnEscape={!isLoading}
      withCloseButton={!isLoading}
    >
      {typeof message === 'string' ? <Text size="sm">{message}</Text> : message}
      <Group justify="flex-end" mt="lg" gap="sm">
        <Button variant="default" onClick={close} disabled={isLoading} data-autofocus>
          {cancelLabel ?? t('common.cancel')}
        </Button>
        <Button color={isDanger ? 'red' : undefined} onClick={onConfirm} loading={isLoading}>
          {confirmLabel ?? t('common.confirm')}
        </Button>
      </Group>
    </Modal>
  )
}
