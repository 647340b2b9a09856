"""The check-in QR code: the signed check-in link, as a PNG that survives a cracked phone screen."""
import io

import segno

from .. import links

QR_CONTENT_ID = "checkin-qr"


def checkin_qr_png(registration, *, scale=8):
    """`scale` pixels a module; a printed badge takes 1 and is drawn without smoothing (printing/)."""
    buffer = io.BytesIO()
    segno.make(links.checkin_url(registration), error="m").save(buffer, kind="png", scale=scale, border=4)
    return buffer.getvalue()

