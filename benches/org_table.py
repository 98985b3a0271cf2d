#!/usr/bin/env python3
"""The table of benches/org.sh: per phase wall time, API calls and writes, and the per-account
`hydrate up` sample extrapolated to the whole organization.

A write is any call that is not Describe/Get/List/Head (benches/deploy_table.py's rule).

Usage: benches/org_table.py OUT ACCOUNTS SAMPLE
"""
import pathlib
import statistics
import sys

READ_PREFIXES = ("Describe", "Get", "List", "Head")


def operation(line):
    """`CloudFormation CreateStackInstances stack_set=…` -> `CreateStackInstances`."""
    words = [w for w in line.split(" (retry:")[0].split() if "=" not in w]
    return words[-1] if words else ""


def measured(out, name):
    start, end = map(float, (out / f"{name}.wall").read_text().split())
    calls_file = out / f"{name}.calls"
    ops = [operation(l) for l in calls_file.read_text().splitlines() if l.strip()] if calls_file.exists() else []
    writes = [o for o in ops if not o.startswith(READ_PREFIXES)]
    return end - start, len(ops), len(writes)


def main():
    out, accounts, sample = pathlib.Path(sys.argv[1]), int(sys.argv[2]), int(sys.argv[3])
    print(f"| what | wall | API calls | writes |")
    print("|---|---:|---:|---:|")
    for name, label in (
        ("org-up", f"`org up`, {accounts} accounts × 3 regions, from scratch"),
        ("org-up-again", "`org up` again, nothing changed"),
        ("org-status", "`org status`"),
    ):
        wall, calls, writes = measured(out, name)
        print(f"| {label} | {wall:.2f} s | {calls} | {writes} |")
    ups = sorted(p.name[len("up-"):-len(".wall")] for p in out.glob("up-[0-9]*.wall"))
    for phase, label in (("up", "from scratch"), ("up-again", "again, nothing changed")):
        runs = [measured(out, f"{phase}-{i}") for i in ups]
        if not runs:
            continue
        # The median: the first account's up also pays LocalStack's lazy start of its services.
        wall = statistics.median(r[0] for r in runs)
        calls = statistics.median(r[1] for r in runs)
        writes = statistics.median(r[2] for r in runs)
        walls = ", ".join(f"{r[0]:.1f}" for r in runs)
        print(
            f"| `hydrate up` per account, {label}: median of {len(runs)} ({walls} s) | {wall:.2f} s | {calls:.0f} | {writes:.0f} |"
        )
        print(
            f"| … × {accounts} accounts, one after another (extrapolated) | {wall * accounts:.0f} s | "
            f"{calls * accounts:.0f} | {writes * accounts:.0f} |"
        )


if __name__ == "__main__":
    main()
