import QRCode from 'qrcode'

/** Adds the QR code (a data: URL, so no request leaves the page) to a TOTP enrolment. */
export async function withQrCode<T extends { uri: string; secret: string; pendingSecret: string }>(setup: T) {
  return {
    secret: setup.secret,
    pendingSecret: setup.pendingSecret,
    qr: await QRCode.toDataURL(setup.uri, { margin: 1, width: 200 }),
  }
}
