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
import shutil
import subprocess
import tempfile

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
        resaved = os.path.join(work, "register_libreoffice.xlsx")
        shutil.copy(habits, resaved)
        resave(resaved, "register_libreoffice.xlsx")


if __name__ == "__main__":
    main()
