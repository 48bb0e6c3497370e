"""Saving a workbook so that the same content gives the same bytes.

openpyxl stamps the document properties and every zip entry with the clock's time, and adds
worksheets from temporary files whose time and mode would leak in: here every date is the
publish time instead, so that a rerun with the same inputs leaves programme.xlsx unchanged.
"""

from __future__ import annotations

import io
import zipfile
from datetime import UTC, datetime
from pathlib import Path

from openpyxl import Workbook
from openpyxl.writer.excel import ExcelWriter


def workbook_bytes(wb: Workbook, publish_time: datetime) -> bytes:
    """Save with fixed document dates and zip entry times (openpyxl would stamp 'now')."""
    if publish_time.tzinfo is None:  # as in the calendars: a naive publish time is UTC
        publish_time = publish_time.replace(tzinfo=UTC)
    moment = publish_time.astimezone(UTC).replace(tzinfo=None, microsecond=0)
    wb.properties.creator = "forum-scheduler"
    wb.properties.created = moment
    wb.properties.modified = moment
    buffer = io.BytesIO()
    with _FixedTimeZip(buffer, "w", zipfile.ZIP_DEFLATED, date_time=moment) as archive:
        ExcelWriter(wb, archive).save()
    return buffer.getvalue()


class _FixedTimeZip(zipfile.ZipFile):
    """A ZipFile whose entries all carry one given time instead of the clock's."""

    def __init__(self, file, mode, compression, date_time: datetime):
        super().__init__(file, mode, compression, allowZip64=True)
        self._date_time = max(date_time, datetime(1980, 1, 1)).timetuple()[:6]

    def writestr(self, zinfo_or_arcname, data, compress_type=None, compresslevel=None):
        if not isinstance(zinfo_or_arcname, zipfile.ZipInfo):
            info = zipfile.ZipInfo(zinfo_or_arcname, date_time=self._date_time)
            info.compress_type = self.compression
            info.external_attr = 0o600 << 16
            zinfo_or_arcname = info
        super().writestr(zinfo_or_arcname, data, compress_type, compresslevel)

    def write(self, filename, arcname=None, compress_type=None, compresslevel=None):
        """openpyxl adds worksheets from temporary files, whose time and mode would leak in."""
        data = Path(filename).read_bytes()
        self.writestr(arcname or Path(filename).name, data, compress_type, compresslevel)
