#!/usr/bin/env python3
"""Reads `cargo audit --json` and audit.toml; fails on any advisory that is
not accepted there with a reason (scripts/audit.sh, `make audit`)."""

import json
import sys
import tomllib


def main(report_path: str, accepted_path: str) -> int:
    report = json.load(open(report_path))
    with open(accepted_path, "rb") as f:
        accepted_list = tomllib.load(f).get("accepted", [])
    problems = []
    accepted = {}
    for entry in accepted_list:
        if not str(entry.get("reason", "")).strip():
            problems.append(f"audit.toml: {entry.get('id')} is accepted without a reason")
        accepted[entry.get("id")] = entry
    found = []
    for item in (report.get("vulnerabilities") or {}).get("list") or []:
        found.append(("vulnerability", item["advisory"], item["package"]))
    for kind, items in (report.get("warnings") or {}).items():
        for item in items or []:
            if item.get("advisory"):
                found.append((kind, item["advisory"], item["package"]))
    database = report.get("database") or {}
    lockfile = report.get("lockfile") or {}
    print(f"  {database.get('advisory-count', '?')} advisories loaded, {lockfile.get('dependency-count', '?')} crates in Cargo.lock")
    used = set()
    for kind, advisory, package in found:
        where = f"{package['name']} {package['version']}"
        if advisory["id"] in accepted:
            used.add(advisory["id"])
            print(f"  accepted {advisory['id']} ({kind}, {where}): {accepted[advisory['id']]['reason']}")
        else:
            problems.append(f"{advisory['id']} ({kind}) in {where}: {advisory.get('title', '')}")
    for stale in sorted(set(accepted) - used):
        print(f"  note: {stale} is accepted in audit.toml but no longer applies; remove it")
    if problems:
        print("make audit: FAIL")
        for problem in problems:
            print(f"  - {problem}")
        return 1
    print(f"  cargo audit: {len(found)} advisories apply, all accepted ({len(used)}); 0 vulnerabilities to fix")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1], sys.argv[2]))
