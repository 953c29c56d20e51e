#!/usr/bin/python3
# SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
"""report.py - turn bench/run.sh's raw output into build/bench/results.json,
results.md (markdown tables) and results.png (matplotlib, Agg).

Targets are printed beside the figures, never asserted: a benchmark that
fails on a slow machine teaches nothing.  With --docs FILE, the part of
FILE between the bench:begin and bench:end markers is replaced by the
markdown.
"""
import argparse
import datetime
import json
import re
import os
import platform
import statistics
import subprocess
import sys

TARGET_FWD = 0.8  # every forwarding path >= 0.8x bare redirect
TARGET_L3VPN = 3.0  # L3 VPN imposition >= 3x kernel IPv4 forwarding
TARGET_ECMP = 0.95  # a path over a group >= 0.95x its single next hop
TARGET_SPREAD = 0.10  # 64 flows over 2 members: each within 10% of 32
TARGET_VPLS = 0.85  # VPLS known unicast >= 0.85x bare redirect
TARGET_FLOOD2 = 1.0  # VPLS flood, 2 peers: >= 1 Mpps of copies


def flood_copies(row):
    """Copies per frame of a VPLS flood row (mplsx-vpls-floodN), else 0:
    its sink counts copies, so its Mpps are copies/s."""
    m = re.match(r"mplsx-vpls-flood(\d+)$", row["dut"])
    return int(m.group(1)) if m else 0
BEGIN, END = "<!-- bench:begin -->", "<!-- bench:end -->"


def read_paths(fname):
    rows = []
    with open(fname) as f:
        for line in f:
            if not line.strip() or line.lstrip().startswith("#"):
                continue
            name, dut, frame, lin, lout, title = line.split(None, 5)
            rows.append({"name": name, "dut": dut, "frame": frame,
                         "in": lin, "out": lout, "title": title.strip()})
    return rows


def machine():
    model = "unknown"
    with open("/proc/cpuinfo") as f:
        for line in f:
            if line.startswith("model name"):
                model = line.split(":", 1)[1].strip()
                break
    here = os.path.dirname(os.path.abspath(__file__))
    try:
        commit = subprocess.run(
            ["git", "-C", here, "describe", "--always", "--dirty"],
            capture_output=True, text=True, check=True).stdout.strip()
    except (OSError, subprocess.CalledProcessError):
        commit = "unknown"
    return {"nproc": os.cpu_count(), "cpu": model,
            "kernel": platform.release(), "commit": commit,
            "date": datetime.datetime.now(datetime.timezone.utc)
            .strftime("%Y-%m-%d %H:%M UTC")}


def spread(vals):
    return {"median": statistics.median(vals), "min": min(vals),
            "max": max(vals)}


def chain_results(rows, raw_file):
    runs = {}  # path -> round -> result
    with open(raw_file) as f:
        for line in f:
            r = json.loads(line)
            if "dut_tx" in r:
                r["result"]["dut_tx"] = r["dut_tx"]
            if "dut_rx" in r:
                r["result"]["dut_rx"] = r["dut_rx"]
            runs.setdefault(r["path"], {})[r["round"]] = r["result"]
    ref = runs.get("redirect", {})
    kernel = runs.get("kernel_ipv4", {})
    out = []
    for row in rows:
        res = dict(row)
        got = runs.get(row["name"])
        if not got:
            res["status"] = "not measured"
            out.append(res)
            continue
        mpps = [got[k]["mpps"] for k in sorted(got)]
        res["status"] = "measured"
        res["mpps"] = spread(mpps)
        res["mpps_runs"] = mpps
        copies = flood_copies(row) or 1
        res["lost"] = sum(g["sent"] * copies - g["received"]
                          for g in got.values())
        tx = dut_tx(got)
        if tx:
            res["dut_tx"] = tx
        res["sent"] = sum(g["sent"] for g in got.values())
        # What the DUT handled (its d0 rx counter over the run), for the
        # rows where most frames end at the DUT (a rate limit).
        rx = [got[k]["dut_rx"] * 1e3 / got[k]["elapsed_ns"]
              for k in sorted(got) if "dut_rx" in got[k]]
        if rx:
            res["dut_rx_mpps"] = spread(rx)
            rr = [got[k]["dut_rx"] * 1e3 / got[k]["elapsed_ns"] /
                  ref[k]["mpps"] for k in sorted(got)
                  if "dut_rx" in got[k] and k in ref]
            if rr:
                res["dut_rx_x_redirect"] = spread(rr)
        # Ratios round by round: each against the reference of its round.
        ratio = [got[k]["mpps"] / ref[k]["mpps"] for k in sorted(got)
                 if k in ref]
        if ratio:
            res["x_redirect"] = spread(ratio)
        kr = [got[k]["mpps"] / kernel[k]["mpps"] for k in sorted(got)
              if k in kernel]
        if kr:
            res["x_kernel"] = spread(kr)
        # Chain time per frame and what the DUT adds over bare redirect.
        res["ns_per_frame"] = 1e3 / res["mpps"]["median"]
        if ref:
            ref_med = statistics.median(r["mpps"] for r in ref.values())
            res["ns_over_redirect"] = res["ns_per_frame"] - 1e3 / ref_med
        out.append(res)
    ecmp_ratios(out, runs)
    for res in out:
        res["targets"] = target_of(res)
    return out


def ecmp_ratios(out, runs):
    """A row over a group (name NAME_ecmpN) against NAME, its single
    next hop, round by round."""
    for res in out:
        if "_ecmp" not in res["name"] or res["status"] != "measured":
            continue
        base = runs.get(res["name"].rsplit("_ecmp", 1)[0], {})
        got = runs[res["name"]]
        r = [got[k]["mpps"] / base[k]["mpps"] for k in sorted(got)
             if k in base]
        if r:
            res["x_single"] = spread(r)


def dut_tx(got):
    """mplsxd's own count of the frames it sent towards the sink (d1) in
    the measured runs, and their mean size: proof of the path taken."""
    tx = [g["dut_tx"] for g in got.values() if "dut_tx" in g]
    if not tx:
        return None
    pk = sum(t["packets"] for t in tx)
    return {"packets": pk, "bytes": sum(t["bytes"] for t in tx),
            "frame_bytes": sum(t["bytes"] for t in tx) / pk if pk else 0}


def is_mplsx(row):
    return row["dut"].startswith("mplsx")


def target_of(res):
    """The targets a row is held to (text, and whether its median meets
    it, None if not measured): every mplsx path >= 0.8x bare redirect,
    L3 VPN imposition >= 3x kernel IPv4 forwarding besides."""
    out = []
    # What reaches the sink of a rate-limited row is the limit, by design.
    if flood_copies(res):
        if flood_copies(res) == 2:
            out.append(("mpps", ">= %g Mpps of copies" % TARGET_FLOOD2,
                        TARGET_FLOOD2))
    elif res["dut"].startswith("mplsx-vpls"):
        out.append(("x_redirect", ">= %gx redirect" % TARGET_VPLS,
                    TARGET_VPLS))
    elif is_mplsx(res) and res["name"] != "p_ttl1_limited":
        out.append(("x_redirect", ">= %gx redirect" % TARGET_FWD,
                    TARGET_FWD))
    if res["name"] == "l3vpn_impose":
        out.append(("x_kernel", ">= %gx kernel IPv4" % TARGET_L3VPN,
                    TARGET_L3VPN))
    if "_ecmp" in res["name"]:
        out.append(("x_single", ">= %gx single next hop" % TARGET_ECMP,
                    TARGET_ECMP))
    return [(t, res[k]["median"] >= v if k in res else None)
            for k, t, v in out]


def fmt_spread(s, f="%.2f"):
    return (f + " (" + f + "-" + f + ")") % (s["median"], s["min"], s["max"])


def cost_cell(c):
    if "min" in c:
        return "%.0f (%.0f-%.0f)" % (c["ns"], c["min"], c["max"])
    return "%.0f" % c["ns"]


def ecmp_markdown(chain, ecmp):
    """Next-hop groups: the chain rows against their single next hop,
    mxcost -e's per-packet figures and the spread of 64 flows."""
    L = []
    rows = [r for r in chain if "x_single" in r]
    if rows:
        L.append("")
        L.append("Next-hop groups, chain: each row against the same path "
                 "over a single next hop, round by round (one flow: the "
                 "hash and the group lookup are paid, one member used); "
                 "target >= %g:" % TARGET_ECMP)
        L.append("")
        L.append("| Path | x single next hop |")
        L.append("|---|---|")
        for r in rows:
            L.append("| %s | %s |" % (r["title"], fmt_spread(r["x_single"],
                                                              "%.3f")))
    if ecmp.get("paths"):
        L.append("")
        L.append("Next-hop groups, per-packet cost of the program "
                 "(`mxcost -e`, harness subtracted, median (min-max) of "
                 "%d loads):" % ecmp["loads"])
        L.append("")
        L.append("| Path | members | ns/pkt | x single |")
        L.append("|---|---|---|---|")
        for c in ecmp["paths"]:
            L.append("| %s | %d | %s | %.3f |" % (c["path"], c["members"],
                                                  cost_cell(c),
                                                  c["vs_single"]))
    if ecmp.get("spread_64_flows"):
        L.append("")
        L.append("64 UDP flows (source ports 10000..10063) over a group, "
                 "flows per member, one row per hash seed; 2 members "
                 "within %d%% of 32: %s (worst %s):"
                 % (100 * TARGET_SPREAD, ecmp["two_members_within_10pct"],
                    ecmp["two_members_worst"]))
        L.append("")
        L.append("| seed | members | flows per member |")
        L.append("|---|---|---|")
        for c in ecmp["spread_64_flows"]:
            L.append("| %d | %d | %s |" % (c["seed"], c["members"],
                                            " / ".join(map(str,
                                                           c["flows"]))))
    return L


def markdown(m, params, chain, cost, fib, ecmp=None):
    L = []
    L.append("Machine: %s, %d CPUs (`nproc`), Linux %s; commit %s; %s."
             % (m["cpu"], m["nproc"], m["kernel"], m["commit"], m["date"]))
    L.append("")
    L.append("Chain generator -> DUT -> sink, %d runs of %s frames of 64 "
             "bytes per path, rounds interleaved, batch %d, everything on "
             "CPU %d. Median (min-max); ratios are per round against the "
             "bare redirect (and Linux IPv4 forwarding) of the same round; "
             "frame out is the mean size of the frames mplsxd sent towards "
             "the sink, by its own counters (64-byte frames in)."
             % (params["runs"], format(params["packets"], ","),
                params["batch"], params["cpu"]))
    L.append("")
    L.append("| Path | Mpps | x bare redirect | x kernel IPv4 | "
             "ns/frame (chain) | +ns vs redirect | frame out | "
             "test_run ns/pkt | Target |")
    L.append("|---|---|---|---|---|---|---|---|---|")
    costs = {c["name"]: c for c in cost.get("paths", [])}
    for r in chain:
        tgt = "; ".join(t + ("" if m is None else
                             ": **met**" if m else ": **below**")
                        for t, m in r["targets"])
        if r["name"] == "gen_ceiling":
            tgt = "generator's ceiling"
        if r["status"] != "measured":
            L.append("| %s | %s | | | | | | | %s |"
                     % (r["title"], r["status"], tgt))
            continue
        xr = fmt_spread(r["x_redirect"]) if "x_redirect" in r else ""
        xk = fmt_spread(r["x_kernel"]) if "x_kernel" in r else ""
        over = "%+.0f" % r["ns_over_redirect"] \
            if "ns_over_redirect" in r and r["name"] != "redirect" else ""
        tx = "%.0f B" % r["dut_tx"]["frame_bytes"] if "dut_tx" in r else ""
        c = costs.get(r["name"])
        cns = "%.0f" % c["ns"] if c else ""
        L.append("| %s | %s | %s | %s | %.0f | %s | %s | %s | %s |"
                 % (r["title"], fmt_spread(r["mpps"]), xr, xk,
                    r["ns_per_frame"], over, tx, cns, tgt))
    lost = [r for r in chain if r.get("lost")]
    for r in lost:
        L.append("")
        L.append("Note: %s lost %d of %d frames between generator and "
                 "sink." % (r["name"], r["lost"],
                            r["sent"] * (flood_copies(r) or 1)))
    for r in chain:
        if r["name"].startswith("p_ttl1") and "dut_rx_mpps" in r:
            L.append("")
            L.append("Note: %s: the DUT handled %s Mpps of TTL-1 frames "
                     "(%s x bare redirect; its d0 rx counter over the "
                     "generator's run), and sent %d ICMP time exceeded "
                     "towards the sink." % (
                         r["name"], fmt_spread(r["dut_rx_mpps"]),
                         fmt_spread(r["dut_rx_x_redirect"])
                         if "dut_rx_x_redirect" in r else "?",
                         r["dut_tx"]["packets"] if "dut_tx" in r else 0))
    # (Flood copies leave from TC: mplsxd's port counters are XDP's.)
    short = [r for r in chain if "dut_tx" in r and not flood_copies(r)
             and r["dut_tx"]["packets"] != r["sent"]]
    for r in short:
        L.append("")
        L.append("Note: mplsxd sent %d of the %d frames of %s out of d1."
                 % (r["dut_tx"]["packets"], r["sent"], r["name"]))
    below = [(r["name"], t) for r in chain for t, m in r["targets"]
             if m is False]
    if below:
        L.append("")
        L.append("Below target: " + ", ".join("%s (%s)" % b for b in below)
                 + ".")
    if cost:
        L.append("")
        L.append("Per-packet cost of the XDP program alone, "
                 "BPF_PROG_TEST_RUN with repeat=%s: median (min-max) over "
                 "%d fresh loads of the object, each the median of %d runs, "
                 "CPU %d; the harness's own %.0f ns (restore the frame, "
                 "tail call) subtracted:"
                 % (format(cost["repeat"], ","), cost.get("loads", 1),
                    cost["runs"], cost["cpu"], cost["harness_ns"]))
        L.append("")
        L.append("| Program path | ns/pkt | verdict | frame out |")
        L.append("|---|---|---|---|")
        verdict = {1: "DROP", 2: "PASS", 3: "TX", 4: "REDIRECT"}
        for c in cost["paths"]:
            L.append("| %s | %s | %s | %d B |"
                     % (c["name"], cost_cell(c),
                        verdict.get(c["retval"], str(c["retval"])),
                        c["out_len"]))
        L.append("")
        L.append("label_table size (an array: size must not matter), "
                 "path %s:" % cost["label_table"][0]["name"])
        L.append("")
        L.append("| label_table entries | ns/pkt |")
        L.append("|---|---|")
        for c in cost["label_table"]:
            L.append("| %s | %s |" % (format(c["entries"], ","),
                                      cost_cell(c)))
    if fib.get("vrf_fib4"):
        L.append("")
        L.append("L3 VPN imposition by VRF FIB size (`mxcost -f`: random "
                 "/24../32 prefixes in the one VRF), median (min-max) of "
                 "%d loads; growth 1 -> 1M routes %+.0f%% (target < 30%%):"
                 % (fib["loads"], 100 * fib["growth_1_to_1M"]))
        L.append("")
        L.append("| routes in the VRF | ns/pkt |")
        L.append("|---|---|")
        for c in fib["vrf_fib4"]:
            L.append("| %s | %s |" % (format(c["routes"], ","),
                                      cost_cell(c)))
    L += ecmp_markdown(chain, ecmp or {})
    return "\n".join(L) + "\n"


def plot(chain, cost, fname):
    import matplotlib
    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    meas = [r for r in chain if r["status"] == "measured"]
    unmeasured = [r for r in chain if r["status"] != "measured"]
    fig, (ax1, ax2) = plt.subplots(1, 2, figsize=(13, 5),
                                   gridspec_kw={"width_ratios": [3, 2]})
    names = [r["name"] for r in meas] + [r["name"] for r in unmeasured]
    med = [r["mpps"]["median"] for r in meas]
    err = [[r["mpps"]["median"] - r["mpps"]["min"] for r in meas],
           [r["mpps"]["max"] - r["mpps"]["median"] for r in meas]]
    colors = ["0.6" if not is_mplsx(r)
              else "tab:blue" for r in meas]
    ax1.bar(range(len(meas)), med, yerr=err, capsize=4, color=colors)
    for i, r in enumerate(meas):  # above the error bar, not on it
        ax1.text(i, r["mpps"]["max"], "%.2f" % med[i], ha="center",
                 va="bottom", fontsize=8)
    for j, _ in enumerate(unmeasured):
        ax1.text(len(meas) + j, 0.05, "no result", rotation=90, ha="center",
                 va="bottom", fontsize=8, color="0.4")
    ref = [r for r in meas if r["name"] == "redirect"]
    if ref:
        y = TARGET_FWD * ref[0]["mpps"]["median"]
        ax1.axhline(y, ls="--", color="tab:red", lw=1)
        ax1.text(len(names) - 0.5, y, "target %.1fx redirect" % TARGET_FWD,
                 ha="right", va="bottom", color="tab:red", fontsize=8)
    ax1.set_xticks(range(len(names)))
    ax1.set_xticklabels(names, rotation=35, ha="right", fontsize=8)
    ax1.set_ylabel("Mpps at the sink (median, min-max)")
    ax1.set_title("gen -> DUT -> sink, 64-byte frames, one CPU")

    if cost:
        items = [(c["name"], c["ns"]) for c in cost["paths"]]
        items += [("%s, table of %s" % (c["name"], format(c["entries"], ",")),
                   c["ns"]) for c in cost["label_table"]]
        ax2.barh(range(len(items)), [v for _, v in items], color="tab:green")
        ax2.set_yticks(range(len(items)))
        ax2.set_yticklabels([n for n, _ in items], fontsize=8)
        ax2.invert_yaxis()
        ax2.set_xlabel("ns per packet (BPF_PROG_TEST_RUN, net of harness)")
        ax2.set_title("per-packet cost of the program")
    fig.tight_layout()
    fig.savefig(fname, dpi=110)


def update_docs(fname, md):
    with open(fname) as f:
        text = f.read()
    a, b = text.find(BEGIN), text.find(END)
    if a < 0 or b < a:
        sys.exit("report.py: %s has no %s ... %s block" % (fname, BEGIN, END))
    text = text[:a + len(BEGIN)] + "\n" + md + text[b:]
    with open(fname, "w") as f:
        f.write(text)


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--paths", required=True)
    ap.add_argument("--raw", required=True)
    ap.add_argument("--cost")
    ap.add_argument("--fib")
    ap.add_argument("--ecmp")
    ap.add_argument("--out", required=True)
    ap.add_argument("--packets", type=int, required=True)
    ap.add_argument("--batch", type=int, required=True)
    ap.add_argument("--cpu", type=int, required=True)
    ap.add_argument("--docs")
    a = ap.parse_args()

    rows = read_paths(a.paths)
    chain = chain_results(rows, a.raw)
    cost = {}
    if a.cost and os.path.exists(a.cost):
        with open(a.cost) as f:
            cost = json.load(f)
    fib = {}
    if a.fib and os.path.exists(a.fib):
        with open(a.fib) as f:
            fib = json.load(f)
    ecmp = {}
    if a.ecmp and os.path.exists(a.ecmp):
        with open(a.ecmp) as f:
            ecmp = json.load(f)
    runs = max((len(r.get("mpps_runs", [])) for r in chain), default=0)
    params = {"packets": a.packets, "runs": runs, "batch": a.batch,
              "cpu": a.cpu, "frame_bytes": 64}
    m = machine()
    res = {"machine": m, "params": params, "chain": chain, "cost": cost,
           "fib": fib, "ecmp": ecmp,
           "targets": {"forwarding_x_redirect": TARGET_FWD,
                       "l3vpn_impose_x_kernel": TARGET_L3VPN}}
    with open(os.path.join(a.out, "results.json"), "w") as f:
        json.dump(res, f, indent=2)
    md = markdown(m, params, chain, cost, fib, ecmp)
    with open(os.path.join(a.out, "results.md"), "w") as f:
        f.write(md)
    plot(chain, cost, os.path.join(a.out, "results.png"))
    if a.docs:
        update_docs(a.docs, md)
    print(md)
    print("bench: %s/results.{json,md,png}" % a.out)


if __name__ == "__main__":
    main()
