"""The check-in QR code: the signed check-in link, as a PNG that survives a cracked phone screen."""
import io

import segno

from .. import links

QR_CONTENT_ID = "checkin-qr"


def checkin_qr_png(registration):
    buffer = io.BytesIO()
    segno.make(links.checkin_url(registration), error="m").save(buffer, kind="png", scale=8, border=4)
    return buffer.getvalue()
