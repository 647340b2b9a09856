"""The check-in QR code: the signed check-in link, as a PNG that survives a cracked phone screen."""
import io

import segno

from .. import links

QR_CONTENT_ID = "checkin-qr"


def checkin_qr_png(registration):
    buffer = io.BytesIO()
    segno.make(links.checkin_url(registration), error="m").save(buffer, kind="png", scale=8, border=4)
    return buffer.getvalue()


def checkin_qr_svg_uri(registration):
    """The same code as an SVG data: URI: sharp at any print size, and quick to lay out (printed badges)."""
    return segno.make(links.checkin_url(registration), error="m").svg_data_uri(border=4)
