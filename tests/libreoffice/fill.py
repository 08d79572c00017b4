#!/usr/bin/env python3
"""Fill a `samla template` workbook the way a member would, with LibreOffice Calc (headless,
driven over UNO), and save it as .xlsx and as a `;`-separated Windows-1252 CSV, as Swedish
users save it. Used by tests/tests/libreoffice.rs.

usage: fill.py TEMPLATE.xlsx OUT.xlsx OUT.csv
"""
import os
import subprocess
import sys
import tempfile
import time

import uno
from com.sun.star.beans import PropertyValue


def prop(name, value):
    p = PropertyValue()
    p.Name = name
    p.Value = value
    return p


def url(path):
    return uno.systemPathToFileUrl(os.path.abspath(path))


def main():
    template, out_xlsx, out_csv = sys.argv[1:4]
    profile = tempfile.mkdtemp(prefix="samla-lo-")
    pipe = "samla_lo_%d" % os.getpid()
    office = subprocess.Popen([
        "soffice", "--headless", "--invisible", "--norestore", "--nologo", "--nodefault",
        "-env:UserInstallation=" + uno.systemPathToFileUrl(profile),
        "--accept=pipe,name=%s;urp;" % pipe,
    ])
    try:
        local = uno.getComponentContext()
        resolver = local.ServiceManager.createInstanceWithContext("com.sun.star.bridge.UnoUrlResolver", local)
        ctx = None
        for _ in range(120):
            try:
                ctx = resolver.resolve("uno:pipe,name=%s;urp;StarOffice.ComponentContext" % pipe)
                break
            except Exception:
                time.sleep(0.5)
        if ctx is None:
            raise SystemExit("LibreOffice did not start")
        desktop = ctx.ServiceManager.createInstanceWithContext("com.sun.star.frame.Desktop", ctx)
        doc = desktop.loadComponentFromURL(url(template), "_blank", 0, (prop("Hidden", True),))
        sheet = doc.Sheets.getByName("Uppgifter")
        header = []
        col = 0
        while True:
            text = sheet.getCellByPosition(col, 0).getString()
            if not text:
                break
            header.append(text[text.rfind("(") + 1:-1])  # "Svensk rubrik (key)" -> key
            col += 1
        rows = [
            {"local_id": "LO-1", "given_name": "Åsa", "family_name": "Öberg", "birth_date": (1988, 5, 17),
             "gender": "Kvinna/flicka", "birth_country": "SE", "citizenship": "SE",
             "exploitation_forms": "Sexuell exploatering (inkl. prostitution)", "exploitation_countries": "SE",
             "identified_by": "Polis", "contact_start_year": 2024, "police_report": "Ja",
             "legal_status": "Förundersökning pågår", "civil_society_support": "Juridisk rådgivning;Ledsagning"},
            {"local_id": "LO-2", "given_name": "Mihaela", "family_name": "Dumitru", "birth_date": "1979",
             "gender": "Kvinna/flicka", "birth_country": "RO", "exploitation_forms": "Tiggeri;Kriminella ändamål",
             "contact_start_year": 2023, "police_report": "Nej"},
            {"local_id": "LO-3", "given_name": "Luca", "family_name": "Dumitru", "birth_date": (2016, 2, 29),
             "relation": "Barn till utsatt", "related_to": "LO-2", "gender": "Man/pojke", "birth_country": "RO",
             "contact_start_year": 2024},
        ]
        for r, row in enumerate(rows, start=1):
            for key, value in row.items():
                c = sheet.getCellByPosition(header.index(key), r)
                if isinstance(value, tuple):
                    # Typed as a member types it: Calc turns it into a date cell, shown in the
                    # template's column format.
                    c.setFormula("%04d-%02d-%02d" % value)
                    if c.getType().value != "VALUE":
                        raise SystemExit("Calc did not take %r as a date" % (value,))
                elif isinstance(value, int):
                    c.setValue(value)
                else:
                    c.setString(value)
        doc.storeToURL(url(out_xlsx), (prop("FilterName", "Calc MS Excel 2007 XML"),))
        # CSV: field separator ';' (59), text delimiter '"' (34), character set Windows-1252 (1),
        # start at line 1; the active sheet is the data sheet.
        doc.CurrentController.setActiveSheet(sheet)
        doc.storeToURL(url(out_csv), (
            prop("FilterName", "Text - txt - csv (StarCalc)"),
            prop("FilterOptions", "59,34,1,1"),
        ))
        doc.close(True)
        try:
            desktop.terminate()
        except Exception:
            pass
    finally:
        try:
            office.wait(timeout=20)
        except Exception:
            office.kill()


if __name__ == "__main__":
    main()
