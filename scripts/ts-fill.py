#!/usr/bin/env python3
# SPDX-FileCopyrightText: 2026 Sandcastle contributors
# SPDX-License-Identifier: GPL-3.0-or-later
"""Fills translations into a Qt .ts catalogue from a JSON map {source: translation}.

usage: scripts/ts-fill.py translations/sandcastle_de.ts MAP.json
Only unfinished messages whose source text is in the map are touched; prints what is still missing.
"""
import json
import sys
import xml.etree.ElementTree as ET

ts_path, map_path = sys.argv[1], sys.argv[2]
mapping = json.load(open(map_path, encoding="utf-8"))
tree = ET.parse(ts_path)
missing = []
for msg in tree.iter("message"):
    src = msg.findtext("source")
    tr = msg.find("translation")
    if tr is None or tr.get("type") != "unfinished":
        continue
    if src in mapping:
        tr.text = mapping[src]
        del tr.attrib["type"]
    else:
        missing.append(src)
tree.write(ts_path, encoding="utf-8", xml_declaration=True)
with open(ts_path, "r+", encoding="utf-8") as f:
    text = f.read().replace("<?xml version='1.0' encoding='utf-8'?>", '<?xml version="1.0" encoding="utf-8"?>\n<!DOCTYPE TS>', 1)
    f.seek(0); f.write(text if text.endswith("\n") else text + "\n"); f.truncate()
for m in missing:
    print("missing:", m)
