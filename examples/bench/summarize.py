#!/usr/bin/env python3
"""Prints the Markdown tables of BENCHMARKS.md from the JSON lines of examples/bench/run.sh."""

import json
import statistics
import sys

FIGURES = ["oneShot", "prebuilt", "prebuiltCompiled", "indexBuild", "floor"]
REQUESTS = ["r1", "r2", "r3", "r4"]
SIZES = [1000, 5000, 50000]


def micros(ns):
    value = ns / 1000
    if value >= 1000:
        return f"{value:,.0f}"
    if value >= 100:
        return f"{value:.0f}"
    return f"{value:.1f}"


def median_of_rounds(rows):
    """Per (instances, request), every figure's median and p99 as the median over the rounds."""
    grouped = {}
    for x in rows:
        grouped.setdefault((x["instances"], x["request"]), []).append(x)
    out = {}
    for key, runs in grouped.items():
        merged = dict(runs[0])
        for f in FIGURES:
            merged[f] = {stat: statistics.median(r[f][stat] for r in runs) for stat in ("medianNs", "p99Ns")}
        out[key] = merged
    return out


def main(path):
    rows = [json.loads(line) for line in open(path, encoding="utf-8") if line.strip()]
    plain = median_of_rounds([x for x in rows if x["tag"] == "plain"])

    rounds = max((x["round"] for x in rows if x["tag"] == "plain"), default=1)
    print(f"Medians in µs (median over {rounds} rounds); in parentheses the ratio to `floor` of the same run.\n")
    print("| instances | request | oneShot | prebuilt | prebuiltCompiled | indexBuild | floor |")
    print("| ---: | --- | ---: | ---: | ---: | ---: | ---: |")
    for n in SIZES:
        for r in REQUESTS:
            x = plain[(n, r)]
            floor = x["floor"]["medianNs"]
            cells = [f"{micros(x[f]['medianNs'])} ({x[f]['medianNs'] / floor:,.0f}×)" for f in FIGURES[:4]]
            print(f"| {n:,} | {r.upper()} | " + " | ".join(cells) + f" | {micros(floor)} |")

    print("\n99th percentiles in µs.\n")
    print("| instances | request | oneShot | prebuilt | prebuiltCompiled | indexBuild | floor |")
    print("| ---: | --- | ---: | ---: | ---: | ---: | ---: |")
    for n in SIZES:
        for r in REQUESTS:
            x = plain[(n, r)]
            print(f"| {n:,} | {r.upper()} | " + " | ".join(micros(x[f]["p99Ns"]) for f in FIGURES) + " |")

    print("\n50,000 instances against 5,000 (ratio of medians).\n")
    print("| request | " + " | ".join(FIGURES) + " |")
    print("| --- |" + " ---: |" * len(FIGURES))
    for r in REQUESTS:
        big, small = plain[(50000, r)], plain[(5000, r)]
        ratios = [f"{big[f]['medianNs'] / small[f]['medianNs']:.1f}×" for f in FIGURES]
        print(f"| {r.upper()} | " + " | ".join(ratios) + " |")

    threads = [x for x in rows if x["tag"] == "threads"]
    if threads:
        print("\n1 thread against 2 threads at 50,000 instances (medians in ms, alternating runs).\n")
        print("| request | round | oneShot 1 thread | 2 threads | speed-up | indexBuild 1 thread | 2 threads | speed-up |")
        print("| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: |")
        speedups = []
        for x1 in (x for x in threads if x["threads"] == 1):
            x2 = next(x for x in threads if x["threads"] == 2 and x["round"] == x1["round"]
                      and x["request"] == x1["request"])
            cells = []
            for f in ["oneShot", "indexBuild"]:
                a, b = x1[f]["medianNs"], x2[f]["medianNs"]
                cells += [f"{a / 1e6:.0f}", f"{b / 1e6:.0f}", f"{a / b:.2f}×"]
                if f == "oneShot":
                    speedups.append(a / b)
            print(f"| {x1['request'].upper()} | {x1['round']} | " + " | ".join(cells) + " |")
        print(f"\nMedian oneShot speed-up: {statistics.median(speedups):.2f}×.")

    explain = [x for x in rows if x["tag"] == "explain"]
    if explain:
        print("\nExplain mode against plain at 5,000 instances (median over the rounds of the medians, µs).\n")
        print("| request | oneShot plain | explain | ratio | prebuiltCompiled plain | explain | ratio |")
        print("| --- | ---: | ---: | ---: | ---: | ---: | ---: |")
        for r in REQUESTS + ["x1"]:
            cells = []
            for f in ["oneShot", "prebuiltCompiled"]:
                a = statistics.median(x[f]["medianNs"] for x in explain if x["request"] == r and not x["explain"])
                b = statistics.median(x[f]["medianNs"] for x in explain if x["request"] == r and x["explain"])
                cells += [micros(a), micros(b), f"{b / a:.2f}×"]
            print(f"| {r.upper()} | " + " | ".join(cells) + " |")

    loads = [x["load"] for x in rows]
    print(f"\n1-minute load average at the end of each run: {min(loads):.2f} to {max(loads):.2f}.")


if __name__ == "__main__":
    main(sys.argv[1] if len(sys.argv) > 1 else "target/bench-data/results.jsonl")
