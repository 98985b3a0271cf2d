#!/usr/bin/env python3
"""The table of benches/deploy.sh: both tools side by side per account and phase, medians of RUNS.

Reads what deploy.sh left in OUT: hydrate's `<account>-hydrate-<run>-<phase>.{wall,calls,cpu}`, the
script's `<account>-sequential-<run>.jsonl` (one JSON object per phase, in order up, up, down) and
`<account>-sequential-<run>-<phase>.cpu`; a `.cpu` file holds the emulator's CPU seconds in the phase.
A write is any call that is not Describe/Get/List/Head (the same rule for both tools).

Usage: benches/deploy_table.py OUT RUNS
"""
import collections
import json
import pathlib
import statistics
import sys

PHASES = ("up", "up-again", "down")
LABELS = {"up": "up from scratch", "up-again": "up, nothing changed", "down": "down"}
READ_PREFIXES = ("Describe", "Get", "List", "Head")


def hydrate_run(out, account, run):
    """{phase: (wall, Counter of (service, operation), emulator CPU)}, or None when hydrate was not run."""
    prefix = out / f"{account}-hydrate-{run}"
    if not pathlib.Path(f"{prefix}-up.wall").exists():
        return None
    phases = {}
    for phase in PHASES:
        start, end = map(float, pathlib.Path(f"{prefix}-{phase}.wall").read_text().split())
        calls_file = pathlib.Path(f"{prefix}-{phase}.calls")
        lines = calls_file.read_text().splitlines() if calls_file.exists() else []
        calls = collections.Counter(service_operation(line) for line in lines if line.strip())
        phases[phase] = (end - start, calls, emulator_cpu(prefix, phase))
    return phases


def emulator_cpu(prefix, phase):
    path = pathlib.Path(f"{prefix}-{phase}.cpu")
    return float(path.read_text()) if path.exists() else float("nan")


def service_operation(line):
    """`S3 Control GetPublicAccessBlock path=… (retry: attempt 2)` -> ("S3 Control", "GetPublicAccessBlock"):
    a service name may have spaces; the names after the operation are `key=value`."""
    words = []
    for word in line.split(" (retry:")[0].split():
        if "=" in word:
            break
        words.append(word)
    return " ".join(words[:-1]), words[-1]


def sequential_run(out, account, run):
    path = out / f"{account}-sequential-{run}.jsonl"
    if not path.exists():
        return None
    rows = [json.loads(line) for line in path.read_text().splitlines() if line.strip()]
    return {
        phase: (
            row["wall_s"],
            collections.Counter({("CloudFormation", op): n for op, n in row["by_operation"].items()}),
            emulator_cpu(out / f"{account}-sequential-{run}", phase),
        )
        for phase, row in zip(PHASES, rows)
    }


def writes(calls):
    return sum(n for (_, op), n in calls.items() if not op.startswith(READ_PREFIXES))


def summary(runs_data):
    """{phase or 'cycle': (median wall, median calls, median writes, median emulator CPU)} over the runs."""
    result = {}
    for phase in PHASES + ("cycle",):
        picked = PHASES if phase == "cycle" else (phase,)
        walls = [sum(r[p][0] for p in picked) for r in runs_data]
        calls = [sum(sum(r[p][1].values()) for p in picked) for r in runs_data]
        wrote = [sum(writes(r[p][1]) for p in picked) for r in runs_data]
        cpu = [sum(r[p][2] for p in picked) for r in runs_data]
        result[phase] = (statistics.median(walls), statistics.median(calls), statistics.median(wrote), statistics.median(cpu))
    return result


def cell(value):
    return "— | — | — | —" if value is None else f"{value[0]:.2f} s | {value[1]:g} | {value[2]:g} | {value[3]:.1f} s"


def main():
    out, runs = pathlib.Path(sys.argv[1]), int(sys.argv[2])
    accounts = sorted({p.name.split("-")[0] for p in out.glob("*-*-1*")}, key=lambda a: a != "example")
    print(f"median of {runs} run(s); each cell: wall | API calls | writes | the emulator's CPU time in the phase\n")
    print("| account | phase | hydrate | calls | writes | emulator CPU | sequential script | calls | writes | emulator CPU | speed-up |")
    print("|---|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|")
    notes = []
    for account in accounts:
        tools = {}
        for name, load in (("hydrate", hydrate_run), ("sequential", sequential_run)):
            data = [d for d in (load(out, account, run) for run in range(1, runs + 1)) if d]
            tools[name] = summary(data) if data else None
            if name == "hydrate" and data:
                again = data[0]["up-again"][1]
                by_service = collections.Counter()
                for (service, _), n in again.items():
                    by_service[service] += n
                ops = {f"{s} {o}": n for (s, o), n in sorted(again.items())}
                notes.append(f"{account}: hydrate's no-change up, run 1: {dict(by_service)}; {ops}")
        for phase in PHASES + ("cycle",):
            h = tools["hydrate"][phase] if tools["hydrate"] else None
            s = tools["sequential"][phase] if tools["sequential"] else None
            speedup = f"{s[0] / h[0]:.1f}×" if h and s and h[0] > 0 else "—"
            label = "**full cycle**" if phase == "cycle" else LABELS[phase]
            print(f"| {account} | {label} | {cell(h)} | {cell(s)} | {speedup} |")
    print()
    for note in notes:
        print(note)


if __name__ == "__main__":
    main()
