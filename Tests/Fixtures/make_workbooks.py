#!/usr/bin/env python3
"""Writes the spreadsheet fixtures: workbooks by openpyxl, and CSV exports of them by
LibreOffice (headless), the way people export a register. Run from the repository root:

    pip install openpyxl            # and LibreOffice: apt-get install libreoffice-calc-nogui
    python3 Tests/Fixtures/make_workbooks.py

It writes examples/cr_register.xlsx (the register of examples/cr_register.csv as a workbook)
and the files of Tests/GoldenTests/Cases/sheets/. The product never needs Python.
"""
import csv
import datetime
import os
import random
import shutil
import subprocess
import tempfile
import zipfile
import zlib

import openpyxl
from openpyxl.utils.datetime import CALENDAR_MAC_1904

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
SHEETS = os.path.join(ROOT, "Tests", "GoldenTests", "Cases", "sheets")


def day_first(text):
    day, month, year = (int(part) for part in text.split("/"))
    return datetime.date(year, month, day)


def register_workbook():
    """examples/cr_register.csv as a workbook: dates as dates, booleans as booleans."""
    with open(os.path.join(ROOT, "examples", "cr_register.csv"), encoding="utf-8", newline="") as f:
        rows = list(csv.reader(f))
    header, body = rows[0], rows[1:]
    dates = {"raised", "target_date", "decided"}
    bools = {"fixes_defect", "critical_to_m10", "new_form"}
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "CRs"
    ws.append(header)
    for row in body:
        cells = []
        for name, text in zip(header, row):
            if text == "":
                cells.append(None)
            elif name in dates:
                cells.append(day_first(text))
            elif name in bools:
                cells.append(text == "true")
            else:
                cells.append(text)
        ws.append(cells)
    for column, name in enumerate(header, start=1):
        if name in dates:
            for r in range(2, len(rows) + 1):
                ws.cell(r, column).number_format = "DD/MM/YYYY"
    notes = wb.create_sheet("Notes")
    notes.append(["Register exported from the seed pack, 13 March 2024"])
    wb.save(os.path.join(ROOT, "examples", "cr_register.xlsx"))


def habits_workbook(path, date_format="DD/MM/YYYY", duplicate=False, epoch1904=False):
    """A register as people keep one: headers in their own words, a notes column, a blank
    row, empty trailing columns, TRUE/FALSE, costs shown with thousands separators."""
    wb = openpyxl.Workbook()
    if epoch1904:
        wb.epoch = CALENDAR_MAC_1904
    ws = wb.active
    ws.title = "Register"
    header = ["ID", "Title", "Raised", "Fixes Defect?", "Cost", "Status", "Notes"]
    if duplicate:
        header.append("id")
    ws.append(header)
    rows = [
        ["CR1", "Registration, phase 1", datetime.date(2024, 2, 14), True, 1250000, "open", "see minutes"],
        None,
        ["CR2", "Data refresh “IF-051”", datetime.date(2024, 3, 4), False, 2500, "approved", None],
        ["CR3", "Tool for SSD corrections", datetime.date(2024, 3, 13), False, 1000000, "open", None],
    ]
    for row in rows:
        if row is None:
            ws.append([])
            continue
        ws.append(row + (["x" + row[0]] if duplicate else []))
    for r in range(2, len(rows) + 2):
        ws.cell(r, 3).number_format = date_format
        ws.cell(r, 5).number_format = "#,##0"
    # Cells that hold an empty text, as a cleared cell does in Excel: the used range runs on.
    for r in range(1, len(rows) + 2):
        ws.cell(r, len(header) + 1).value = '=""'
        ws.cell(r, len(header) + 2).value = '=""'
    wb.save(path)


def export(workbook, name, options):
    """LibreOffice's CSV export of `workbook` with its filter options, saved as `name`."""
    with tempfile.TemporaryDirectory() as out:
        subprocess.run(["soffice", "--headless", "--convert-to", "csv:Text - txt - csv (StarCalc):" + options,
                        "--outdir", out, workbook], check=True, capture_output=True)
        produced = os.path.join(out, os.path.splitext(os.path.basename(workbook))[0] + ".csv")
        shutil.move(produced, os.path.join(SHEETS, name))


def resave(workbook, name):
    """The workbook opened and saved again by LibreOffice, for a second writer's form of XLSX."""
    with tempfile.TemporaryDirectory() as out:
        subprocess.run(["soffice", "--headless", "--convert-to", "xlsx:Calc MS Excel 2007 XML",
                        "--outdir", out, workbook], check=True, capture_output=True)
        shutil.move(os.path.join(out, os.path.basename(workbook)), os.path.join(SHEETS, name))


def mistakes_workbook(path):
    """A workbook whose cells do not fit: errors name the sheet and cell."""
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "CRs"
    ws.append(["ID", "Title", "Raised", "Fixes Defect?", "Cost", "Status"])
    ws.append(["CR1", "Registration", datetime.date(2024, 2, 14), True, 1200, "open"])
    ws.append(["CR2", "Refresh", "31/02/2024", "maybe", "lots", "opne"])
    ws.cell(2, 3).number_format = "DD/MM/YYYY"
    wb.save(path)


def rewritten(source, path, replace):
    """A copy of the archive `source` with entries replaced (name -> bytes, or None to drop)."""
    with zipfile.ZipFile(source) as old, zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as new:
        for item in old.infolist():
            if item.filename in replace:
                if replace[item.filename] is not None:
                    new.writestr(item.filename, replace[item.filename])
            else:
                new.writestr(item.filename, old.read(item.filename))


def bad_workbooks(good):
    """Workbooks that cannot be read, each made from `good`."""
    data = open(good, "rb").read()
    with open(os.path.join(SHEETS, "truncated.xlsx"), "wb") as f:
        f.write(data[: len(data) // 2])
    # A byte of the sheet's compressed data changed: its CRC-32 (or its DEFLATE stream) fails.
    with zipfile.ZipFile(good) as archive:
        info = archive.getinfo("xl/worksheets/sheet1.xml")
    start = info.header_offset + 30 + len(info.filename.encode()) + len(info.extra)
    corrupt = bytearray(data)
    corrupt[start + info.compress_size // 2] ^= 0x55
    with open(os.path.join(SHEETS, "corrupt.xlsx"), "wb") as f:
        f.write(corrupt)
    with zipfile.ZipFile(good) as archive:
        workbook = archive.read("xl/workbook.xml").decode()
    head, rest = workbook.split("<sheets>", 1)
    rewritten(good, os.path.join(SHEETS, "no_sheets.xlsx"), {"xl/workbook.xml": head + "<sheets/>" + rest.split("</sheets>", 1)[1]})
    # A sheet that inflates to 300 MiB of spaces: refused by its declared size before any inflating.
    with zipfile.ZipFile(good) as old, zipfile.ZipFile(os.path.join(SHEETS, "bomb.xlsx"), "w", zipfile.ZIP_DEFLATED, compresslevel=9) as new:
        for item in old.infolist():
            if item.filename == "xl/worksheets/sheet1.xml":
                with new.open(item.filename, "w", force_zip64=False) as sheet:
                    block = b" " * (1 << 20)
                    for _ in range(300):
                        sheet.write(block)
            else:
                new.writestr(item.filename, old.read(item.filename))


def inflate_vectors():
    """Raw DEFLATE streams by zlib (stored, fixed and dynamic Huffman blocks) and what they inflate to."""
    folder = os.path.join(ROOT, "Tests", "Fixtures", "inflate")
    os.makedirs(folder, exist_ok=True)
    rng = random.Random(14)
    words = ["change", "request", "freeze", "approved", "M10", "defect", "IR8", "SRO", "register", "programme"]
    text = " ".join(rng.choice(words) for _ in range(4000)).encode()
    noise = bytes(rng.getrandbits(8) for _ in range(16000))
    register = open(os.path.join(ROOT, "examples", "cr_register.csv"), "rb").read()
    inputs = {"empty": b"", "hello": b"hello, hello, hello world", "register": register, "words": text,
              "noise": noise, "zeros": bytes(100000), "bytes": bytes(range(256)) * 16}
    for name, data in inputs.items():
        for label, level, strategy in [("stored", 0, zlib.Z_DEFAULT_STRATEGY), ("fixed", 6, zlib.Z_FIXED),
                                       ("dynamic", 9, zlib.Z_DEFAULT_STRATEGY)]:
            compressor = zlib.compressobj(level, zlib.DEFLATED, -15, 9, strategy)
            stream = compressor.compress(data) + compressor.flush()
            with open(os.path.join(folder, f"{name}.{label}.deflate"), "wb") as f:
                f.write(stream)
        with open(os.path.join(folder, f"{name}.raw"), "wb") as f:
            f.write(data)


def main():
    os.makedirs(SHEETS, exist_ok=True)
    register_workbook()
    with tempfile.TemporaryDirectory() as work:
        habits = os.path.join(SHEETS, "register.xlsx")
        habits_workbook(habits)
        # Field separator, text delimiter ("), character set, first line, cell format,
        # language, quote all text, detect numbers, save cell contents as shown.
        export(habits, "register_comma.csv", "44,34,76,1,,0,false,true,true")
        export(habits, "register_semicolon.csv", "59,34,76,1,,0,false,true,true")
        export(habits, "register_unicode.txt", "9,34,65535,1,,0,false,true,true")
        us = os.path.join(work, "register_us.xlsx")
        habits_workbook(us, date_format="MM/DD/YYYY")
        export(us, "register_us.csv", "44,34,76,1,,0,false,true,true")
        duplicate = os.path.join(work, "register_duplicate.xlsx")
        habits_workbook(duplicate, duplicate=True)
        export(duplicate, "register_duplicate.csv", "44,34,76,1,,0,false,true,true")
        habits_workbook(os.path.join(SHEETS, "register_1904.xlsx"), epoch1904=True)
        mistakes_workbook(os.path.join(SHEETS, "register_mistakes.xlsx"))
        bad_workbooks(habits)
        resaved = os.path.join(work, "register_libreoffice.xlsx")
        shutil.copy(habits, resaved)
        resave(resaved, "register_libreoffice.xlsx")
    inflate_vectors()


if __name__ == "__main__":
    main()
