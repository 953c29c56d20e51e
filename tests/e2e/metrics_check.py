# SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
"""metrics_check.py - Prometheus text against mplsxctl's JSON.

  scrape URL OUT                 fetch URL into OUT (exit 1 on failure)
  compare METRICS STATS IFS      every counter of show stats (interfaces,
                                 drops, vrfs, labels) equals its series
  value METRICS NAME [K=V...]    print one sample's value
  series METRICS                 print the number of samples
"""
import json
import re
import sys
import urllib.request

LINE = re.compile(r'^([a-zA-Z_:][a-zA-Z0-9_:]*)(?:\{(.*)\})? (\S+)$')
LABEL = re.compile(r'([a-zA-Z_][a-zA-Z0-9_]*)="((?:[^"\\]|\\.)*)"')


def parse(path):
    samples = {}
    for line in open(path):
        line = line.rstrip("\n")
        if not line or line.startswith("#"):
            continue
        m = LINE.match(line)
        if not m:
            raise SystemExit("unparsable line: %r" % line)
        labels = frozenset(LABEL.findall(m.group(2) or ""))
        samples[(m.group(1), labels)] = float(m.group(3))
    return samples


def get(samples, name, **labels):
    return samples.get((name, frozenset(labels.items())))


def compare(mpath, spath, ipath):
    s = parse(mpath)
    stats = json.load(open(spath))
    ifs = json.load(open(ipath))
    want = []
    for row in ifs:
        for k, v in row.items():
            if k.endswith("_packets") or k.endswith("_bytes"):
                want.append(("mplsx_interface_%s_total" % k,
                             {"interface": row["name"]}, v))
        want.append(("mplsx_interface_up", {"interface": row["name"]},
                     1 if row["state"] == "up" else 0))
    for row in stats["interfaces"]:
        for k, v in row.items():
            if k != "name":
                want.append(("mplsx_interface_%s_total" % k,
                             {"interface": row["name"]}, v))
    for reason, v in stats["drops"].items():
        if reason != "total":
            want.append(("mplsx_drops_total", {"reason": reason}, v))
    for row in stats["vrfs"]:
        for k, v in row.items():
            if k != "name":
                want.append(("mplsx_vrf_%s_total" % k, {"vrf": row["name"]},
                             v))
    for row in stats["labels"]:
        for k in ("packets", "bytes"):
            want.append(("mplsx_label_%s_total" % k,
                         {"label": str(row["in"])}, row[k]))
    bad = 0
    for name, labels, v in want:
        got = get(s, name, **labels)
        if got != v:
            print("mismatch %s%s: metrics %s, show %s" % (name, labels, got, v))
            bad += 1
    print("%d values compared, %d differ" % (len(want), bad))
    return 1 if bad or not want else 0


def main():
    cmd = sys.argv[1]
    if cmd == "scrape":
        try:
            body = urllib.request.urlopen(sys.argv[2], timeout=5).read()
        except Exception as e:
            print("scrape %s: %s" % (sys.argv[2], e))
            return 1
        open(sys.argv[3], "wb").write(body)
        return 0
    if cmd == "compare":
        return compare(*sys.argv[2:5])
    if cmd == "value":
        labels = dict(a.split("=", 1) for a in sys.argv[4:])
        v = get(parse(sys.argv[2]), sys.argv[3], **labels)
        if v is None:
            return 1
        print("%d" % v if v == int(v) else v)
        return 0
    if cmd == "series":
        print(len(parse(sys.argv[2])))
        return 0
    return 2


sys.exit(main())
