import { useTranslation } from '@kairan/i18n'
import { Center, Code, Image, Text } from '@mantine/core'

/** The authenticator-app enrolment: the QR code and, for those who cannot scan, the key. */
export function TotpQr({ qr, secret, help }: { qr: string; secret: string; help: string }) {
  const { t } = useTranslation()
  return (
    <>
      <Text size="sm">{help}</Text>
      <Center>
        <Image src={qr} alt={t('auth.qrAlt')} w={200} h={200} />
      </Center>
      <Text size="sm">
        {t('auth.manualKey')} <Code>{secret}</Code>
      </Text>
    </>
  )
}
