"""Write a synthetic OpenSpec tree for bench/spec-peers.sh.

usage: gen_openspec.py DIR SPECS CHANGES
Each spec has 8 requirements of 3 scenarios; each change adds a requirement
to one spec and modifies another (keeping its scenarios). Every item is valid.
"""
import os
import sys

root, n_specs, n_changes = sys.argv[1], int(sys.argv[2]), int(sys.argv[3])


def requirement(name, scenarios):
    out = [f"### Requirement: {name}", f"The system SHALL handle {name.lower()} for every caller.", ""]
    for s in scenarios:
        out += [f"#### Scenario: {s}", f"- **WHEN** {s.lower()} happens", "- **THEN** the outcome is recorded", ""]
    return out


def write(path, lines):
    os.makedirs(os.path.dirname(path), exist_ok=True)
    with open(path, "w") as f:
        f.write("\n".join(lines) + "\n")


for i in range(n_specs):
    lines = [f"# Capability {i}", "", "## Purpose", f"Capability {i} of the synthetic benchmark tree, with eight requirements.", "", "## Requirements", ""]
    for r in range(8):
        lines += requirement(f"Behaviour {i}.{r}", [f"Case {r}.{s}" for s in range(3)])
    write(f"{root}/openspec/specs/cap-{i:03}/spec.md", lines)

for c in range(n_changes):
    cap = c % n_specs
    lines = ["## ADDED Requirements", ""] + requirement(f"New behaviour {c}", ["Fresh case"])
    lines += ["## MODIFIED Requirements", ""] + requirement(f"Behaviour {cap}.0", [f"Case 0.{s}" for s in range(3)] + ["Extra case"])
    write(f"{root}/openspec/changes/change-{c:03}/specs/cap-{cap:03}/spec.md", lines)
    write(f"{root}/openspec/changes/change-{c:03}/proposal.md", ["## Why", "Benchmark change.", "", "## What Changes", "- one addition"])
    write(f"{root}/openspec/changes/change-{c:03}/tasks.md", ["## 1. Work", "- [ ] 1.1 Do it"])
