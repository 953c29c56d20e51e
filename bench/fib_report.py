#!/usr/bin/python3
# SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
"""fib_report.py - bench/fib_scale.sh's raw lines into
build/bench/fib_scale.{json,md,png}: Mpps by table size, ratios to the
bare redirect and to Linux IPv4 forwarding of the biggest table (both with
the same random destinations, per round), growth from 1 route, memory per
route from the maps, start and no-change reload times.  Targets printed
beside the figures, never asserted."""
import argparse
import json
import os
import statistics
import sys

TITLES = {
    "in4": "L3 VPN imposition, IPv4",
    "in6": "L3 VPN imposition, IPv6 (6VPE)",
    "out4": "L3 VPN disposition, per-VRF label, IPv4",
    "out6": "L3 VPN disposition, per-VRF label, IPv6",
}
# A/B rows: the same path with a design choice undone, same rounds.
AB_TITLES = {
    "in4h": "A/B: L3 VPN imposition, IPv4, top level by hash "
            "(fib.direct_v4 0)",
}
VRF_TITLES = {
    "vrfs10": "IPv4 /24s, one /16 per VRF",
    "vrfs10s": "IPv4 /24s, ten /16s per VRF",
    "vrfs10v6": "IPv6 /48s, one /40 per VRF",
    "vrfs10v64": "IPv6 /64s, one /56 per VRF",
}
T_REDIR, F_REDIR = 0.70, 0.60  # in4 at 1M: target, floor (x redirect)
T_KERNEL, F_KERNEL = 4.0, 3.0  # in4 at 1M: target, floor (x kernel)
T_GROWTH = 0.15                # cost 1 -> 1M routes
T_BYTES = 128                  # bytes per route at 1M, one VRF


def spread(v):
    return {"median": statistics.median(v), "min": min(v), "max": max(v)}


def fmt(s, f="%.2f"):
    return (f + " (" + f + "-" + f + ")") % (s["median"], s["min"], s["max"])


def met(v, t, le=False):
    ok = v <= t if le else v >= t
    return "**met**" if ok else "**below**" if not le else "**above**"


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--raw", required=True)
    ap.add_argument("--out", required=True)
    ap.add_argument("--packets", type=int, default=0)
    ap.add_argument("--cpu", default="1")
    a = ap.parse_args()

    runs, mem, vrfs = {}, {}, []
    for line in open(a.raw):
        r = json.loads(line)
        if r.get("vrfs"):
            vrfs.append(r["load"])
        elif r.get("mem"):
            mem[(r["kind"], r["routes"])] = r
        else:
            runs.setdefault((r["kind"], r["routes"]), {})[r["round"]] = \
                r["result"]["mpps"]
    ref = next((v for (k, _), v in runs.items() if k == "redirect"), {})
    kern = next((v for (k, _), v in runs.items() if k == "kernel"), {})
    kern_n = next((n for (k, n) in runs if k == "kernel"), 0)
    rows = []
    for (kind, n), got in sorted(runs.items(), key=lambda x: (
            ["redirect", "kernel", "in4", "in4h", "in6", "out4",
             "out6"].index(
                x[0][0]), x[0][1])):
        rounds = sorted(got)
        row = {"kind": kind, "routes": n,
               "mpps": spread([got[k] for k in rounds]),
               "mpps_runs": [got[k] for k in rounds]}
        xr = [got[k] / ref[k] for k in rounds if k in ref]
        xk = [got[k] / kern[k] for k in rounds if k in kern]
        if xr:
            row["x_redirect"] = spread(xr)
        if xk:
            row["x_kernel"] = spread(xk)
        row["ns_per_frame"] = 1e3 / row["mpps"]["median"]
        if ref:
            row["ns_over_redirect"] = row["ns_per_frame"] - \
                1e3 / statistics.median(ref.values())
        m = mem.get((kind, n))
        if m:
            fam = "ipv6" if kind.endswith("6") else "ipv4"
            f = m.get("fib", {}).get(fam, {})
            row["start_s"] = m["start_s"]
            row["reload_s"] = m["reload_s"]
            if f:
                row["fib"] = f
                row["bytes_per_route"] = f["in_use_bytes"] / n
        rows.append(row)
    # Growth from 1 route to the biggest table, per kind: chain time per
    # frame, and what the DUT adds over the bare redirect.
    growth = {}
    for kind in TITLES:
        ks = sorted((r for r in rows if r["kind"] == kind),
                    key=lambda r: r["routes"])
        if len(ks) >= 2 and ks[0]["routes"] == 1:
            lo, hi = ks[0], ks[-1]
            growth[kind] = {
                "from": 1, "to": hi["routes"],
                "chain": hi["ns_per_frame"] / lo["ns_per_frame"] - 1,
                "dut": (hi["ns_over_redirect"] / lo["ns_over_redirect"] - 1)
                if lo.get("ns_over_redirect", 0) > 0 else None}

    md = []
    md.append("FIB scale: every frame to a destination drawn uniformly at "
              "random over the VRF's table (IPv4 /24s, IPv6 /48s; a VPN "
              "label per prefix for imposition, 250 CE next hops for "
              "disposition), 64-byte frames, %d rounds of %s frames, CPU "
              "%s; ratios per round against the bare redirect and Linux "
              "IPv4 forwarding of the %s-route table, same random "
              "destinations, same round." % (
                  len(ref), "{:,}".format(a.packets), a.cpu,
                  "{:,}".format(kern_n)))
    md.append("")
    md.append("| Path | routes | Mpps | x bare redirect | x Linux IPv4 "
              "(%s routes) | ns/frame | +ns vs redirect | FIB B/route | "
              "start s | reload s | Target |" % "{:,}".format(kern_n))
    md.append("|---|---:|---|---|---|---:|---:|---:|---:|---:|---|")
    for r in rows:
        title = TITLES.get(r["kind"]) or AB_TITLES.get(r["kind"]) or {
            "redirect": "Bare XDP redirect (reference)",
            "kernel": "Linux IPv4 forwarding"}[r["kind"]]
        tgt = ""
        if r["kind"] == "in4" and r["routes"] >= 1000000:
            xr = r.get("x_redirect", {}).get("median", 0)
            xk = r.get("x_kernel", {}).get("median", 0)
            def tf(v, t, f):
                return ("**met**" if v >= t else "**below target, floor "
                        "met**" if v >= f else "**below floor**")
            tgt = (">= %.2fx redirect (floor %.2fx): %s; >= %gx Linux "
                   "(floor %gx): %s" % (T_REDIR, F_REDIR,
                                         tf(xr, T_REDIR, F_REDIR), T_KERNEL,
                                         F_KERNEL, tf(xk, T_KERNEL,
                                                      F_KERNEL)))
        bpr = r.get("bytes_per_route")
        if bpr is not None and r["routes"] >= 1000000:
            tgt += ("; " if tgt else "") + "<= %d B/route: %s" % (
                T_BYTES, met(bpr, T_BYTES, le=True))
        md.append("| %s | %s | %s | %s | %s | %.0f | %s | %s | %s | %s | "
                  "%s |" % (
                      title, "{:,}".format(r["routes"]), fmt(r["mpps"]),
                      fmt(r["x_redirect"]) if "x_redirect" in r else "",
                      fmt(r["x_kernel"]) if "x_kernel" in r else "",
                      r["ns_per_frame"],
                      "%+.0f" % r["ns_over_redirect"]
                      if "ns_over_redirect" in r else "",
                      "%.1f" % bpr if bpr is not None else "",
                      "%.1f" % r["start_s"] if "start_s" in r else "",
                      "%.2f" % r["reload_s"] if "reload_s" in r else "",
                      tgt))
    md.append("")
    if growth:
        md.append("Growth from 1 route to the biggest table (target <= "
                  "%d%%), chain ns/frame and the DUT's own ns over the bare "
                  "redirect:" % (T_GROWTH * 100))
        md.append("")
        md.append("| Path | routes | chain | DUT | Target |")
        md.append("|---|---:|---:|---:|---|")
        for kind, g in growth.items():
            md.append("| %s | 1 -> %s | %+.0f%% | %s | %s |" % (
                TITLES[kind], "{:,}".format(g["to"]), 100 * g["chain"],
                "%+.0f%%" % (100 * g["dut"]) if g["dut"] is not None
                else "", "<= %d%%: %s" % (T_GROWTH * 100, met(
                    g["chain"], T_GROWTH, le=True))))
        md.append("")
    memrows = [r for r in rows if "fib" in r]
    if memrows:
        md.append("FIB memory measured from the maps (`fibtool mem`: top "
                  "entries x 64 B, chunks reachable from them x 2,048 B, "
                  "direct top arrays in use x 512 KiB; allocated = the "
                  "kernel's memlock of the top hash, the preallocated "
                  "chunk array and the direct arrays):")
        md.append("")
        md.append("| Path | routes | top entries | chunks | direct | "
                  "in use | B/route | allocated |")
        md.append("|---|---:|---:|---:|---:|---:|---:|---:|")
        for r in memrows:
            f = r["fib"]
            md.append("| %s | %s | %d | %d | %d | %.1f MB | %.1f | "
                      "%.1f MB |" % (
                          TITLES.get(r["kind"], AB_TITLES.get(r["kind"])),
                          "{:,}".format(r["routes"]), f["tops"],
                          f["chunks"], f.get("direct", 0),
                          f["in_use_bytes"] / 1e6, r["bytes_per_route"],
                          f["allocated_bytes"] / 1e6))
        md.append("")
    if vrfs:
        md.append("Many small VRFs (`fibtool load`: the agent's FIB code "
                  "into a fresh load of the maps, default pools; a VPN "
                  "label per prefix; measured from the maps like the "
                  "table above; refused = not installed, pool full):")
        md.append("")
        md.append("| Table | VRFs | routes | installed | refused | top "
                  "entries | chunks (pool) | in use | per VRF | B/route | "
                  "allocated |")
        md.append("|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|")
        for v in vrfs:
            f = v["fib"]
            md.append("| %s | %s | %s | %s | %s | %d | %d (%s) | %.1f MB | "
                      "%.0f B | %.1f | %.1f MB |" % (
                          VRF_TITLES.get(v["scenario"], v["scenario"]),
                          "{:,}".format(v["vrfs"]),
                          "{:,}".format(v["routes"]),
                          "{:,}".format(v["installed"]),
                          "{:,}".format(v["refused"]), f["tops"],
                          f["chunks"], "{:,}".format(f["chunks_max"]),
                          f["in_use_bytes"] / 1e6,
                          f["in_use_bytes"] / v["vrfs"],
                          f["in_use_bytes"] / max(v["installed"], 1),
                          f["allocated_bytes"] / 1e6))
        md.append("")
    text = "\n".join(md) + "\n"
    os.makedirs(a.out, exist_ok=True)
    with open(os.path.join(a.out, "fib_scale.md"), "w") as f:
        f.write(text)
    with open(os.path.join(a.out, "fib_scale.json"), "w") as f:
        json.dump({"rows": rows, "growth": growth, "vrfs": vrfs}, f,
                  indent=1)
    print(text)
    try:
        import matplotlib
        matplotlib.use("Agg")
        import matplotlib.pyplot as plt
    except ImportError:
        print("fib_report: no matplotlib, no plot", file=sys.stderr)
        return
    fig, ax = plt.subplots(figsize=(8, 4.5))
    for kind in TITLES:
        ks = sorted((r for r in rows if r["kind"] == kind),
                    key=lambda r: r["routes"])
        if ks:
            ax.plot([r["routes"] for r in ks],
                    [r["mpps"]["median"] for r in ks], marker="o",
                    label=TITLES[kind])
    for kind, style in (("redirect", "--"), ("kernel", ":")):
        v = [r for r in rows if r["kind"] == kind]
        if v:
            ax.axhline(v[0]["mpps"]["median"], linestyle=style,
                       color="grey", label="%s (%s routes)" % (
                           "bare redirect" if kind == "redirect"
                           else "Linux IPv4 forwarding",
                           "{:,}".format(v[0]["routes"])))
    ax.set_xscale("log")
    ax.set_xlabel("routes in the VRF (random destinations)")
    ax.set_ylabel("Mpps (one core, 64-byte frames)")
    ax.set_ylim(bottom=0)
    ax.legend(fontsize=8)
    ax.grid(True, alpha=0.3)
    fig.tight_layout()
    fig.savefig(os.path.join(a.out, "fib_scale.png"), dpi=110)


if __name__ == "__main__":
    main()
