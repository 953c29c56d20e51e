#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
"""check_manual.py - every config key that agent/config/config.c accepts
is documented in man/mplsx.json.5 (in make unit and make test).

A key counts as documented when it appears as a bold word (.B or .BR
line) or in a section heading of the page.  A new key without a line in
the manual fails here, with the key's table and name."""
import os
import re
import sys

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
src = open(os.path.join(ROOT, "agent/config/config.c")).read()
page = open(os.path.join(ROOT, "man/mplsx.json.5")).read()

documented = set()
for line in page.splitlines():
    if re.match(r"^\.(B|BR|SH|SS) ", line):
        documented.update(re.findall(r"[A-Za-z_][A-Za-z0-9_]*", line[3:]))

tables = re.findall(r"static const struct key (\w+)\[\] = \{(.*?)\};", src,
                    re.S)
passed = failed = 0
cases = []
for table, body in tables:
    for key in re.findall(r'\{"(\w+)",', body):
        cases.append((table, key))
print("plan %d" % len(cases))
for table, key in cases:
    if key in documented:
        print("PASS %s: %s" % (table, key))
        passed += 1
    else:
        print("FAIL %s: %s is not in man/mplsx.json.5" % (table, key))
        failed += 1
print("%d passed, %d failed" % (passed, failed))
sys.exit(1 if failed or not passed else 0)
