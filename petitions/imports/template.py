"""The downloadable template: one sheet per importable sheet with its header row, and a guide sheet listing
every column and the words each mapped column accepts without a mapping, all read from the layout."""

from __future__ import annotations

from petitions.imports.labels import KIND_LABELS, Targets
from petitions.imports.layout import SHEETS
from petitions.spreadsheets import new_workbook, sheet_cell, sheet_font, workbook_bytes

GUIDE_TITLE = "Hướng dẫn"


def template_bytes(targets: Targets) -> bytes:
    workbook = new_workbook()
    bold = sheet_font(bold=True)
    for sheet in SHEETS:
        ws = workbook.create_sheet(sheet.title)
        ws.append([sheet_cell(ws, column.header, font=bold) for column in sheet.columns])
    guide = workbook.create_sheet(GUIDE_TITLE)
    guide.append([sheet_cell(guide, text, font=bold) for text in ("Trang", "Cột", "Bắt buộc", "Ghi chú")])
    for sheet in SHEETS:
        for column in sheet.columns:
            note = column.note
            if column.mapping is not None:
                words = "; ".join(targets[column.mapping].values())
                note = (note + " " if note else "") + f"Nhận sẵn: {words}. Từ khác: thêm ở trang Ánh xạ."
            guide.append([
                sheet_cell(guide, value)
                for value in (sheet.title, column.header, "Có" if column.required else "", note)
            ])
    guide.append([])
    guide.append([sheet_cell(guide, "Danh mục ánh xạ", font=bold)])
    for kind, label in KIND_LABELS.items():
        guide.append([sheet_cell(guide, str(label)), sheet_cell(guide, "; ".join(targets[kind].values()))])
    return workbook_bytes(workbook)
