"""Gathers the sections `make bench` wrote into BENCHMARKS.md.

Each benchmark writes a markdown section (`NN-name.md`) into the report
directory; every table headed `figure | value | target | verdict` is a
summary, and all of them are repeated at the top so the PASS/MISS lines
can be read at a glance.

usage: assemble_benchmarks.py REPORT_DIR OUTPUT SECONDS_ELAPSED
"""

import os
import platform
import re
import subprocess
import sys
from datetime import datetime, timedelta, timezone
from pathlib import Path

SUMMARY_HEADER = "| figure | value | target | verdict |"
RUN_LIMIT_SECONDS = 15 * 60


def command_output(*args):
    try:
        return subprocess.run(args, capture_output=True, text=True, check=True).stdout.strip()
    except (OSError, subprocess.CalledProcessError):
        return "unknown"


def machine():
    cpu = "unknown CPU"
    for line in Path("/proc/cpuinfo").read_text().splitlines():
        if line.startswith("model name"):
            cpu = line.split(":", 1)[1].strip()
            break
    memory_kb = 0
    for line in Path("/proc/meminfo").read_text().splitlines():
        if line.startswith("MemTotal:"):
            memory_kb = int(line.split()[1])
    return (
        f"{cpu}, {os.cpu_count()} cores, {memory_kb / 1024 / 1024:.0f} GiB RAM, "
        f"{platform.system()} {platform.release()} ({platform.machine()})"
    )


def summary_rows(section_name, text):
    rows, inside = [], False
    for line in text.splitlines():
        if line.strip() == SUMMARY_HEADER:
            inside = True
            continue
        if inside:
            if not line.startswith("|"):
                inside = False
            elif not re.match(r"^\|\s*-", line):
                rows.append(f"| {section_name} {line}")
    return rows


def main():
    report_dir, output, elapsed = Path(sys.argv[1]), Path(sys.argv[2]), int(sys.argv[3])
    sections = sorted(report_dir.glob("*.md"))
    now = datetime.now(timezone.utc)
    vietnam = now.astimezone(timezone(timedelta(hours=7)))
    verdict = "PASS" if elapsed <= RUN_LIMIT_SECONDS else "MISS"
    moto = command_output(str(Path(".local/venv/bin/python")), "-c", "import moto; print(moto.__version__)")

    summary = []
    details = []
    for path in sections:
        text = path.read_text()
        title = text.splitlines()[0].lstrip("# ").strip() if text else path.stem
        summary.extend(summary_rows(title, text))
        details.append(text.rstrip() + "\n")

    judged = [row for row in summary if row.rstrip().endswith(("PASS |", "MISS |"))]
    misses = sum(1 for row in judged if row.rstrip().endswith("MISS |"))
    lines = [
        "# Benchmarks",
        "",
        "Written by `make bench` (scripts/bench.sh); every figure is from the one run described here. "
        "Medians and ratios, not single samples: this is a shared 2-core machine and its timings are noisy.",
        "",
        f"- **Run**: {now:%Y-%m-%d %H:%M} UTC ({vietnam:%H:%M} Vietnam time), commit `{command_output('git', 'rev-parse', '--short', 'HEAD')}`",
        f"- **Machine**: {machine()}",
        f"- **Toolchain**: {command_output('rustc', '--version')}; moto {moto} (serialized by tools/moto_server.py)",
        f"- **Whole `make bench`**: {elapsed // 60} min {elapsed % 60} s, including whatever had to be built "
        f"(target ≤ 15 min on a clean machine: {verdict}; a fresh clone builds everything, later runs only what changed)",
        f"- **Figures**: {len(summary)}; with a target: {len(judged)}, of which MISS: {misses}",
        "",
        "## Summary",
        "",
        "| section | figure | value | target | verdict |",
        "| --- | --- | --- | --- | --- |",
        *summary,
        "",
        "## Details",
        "",
        *details,
    ]
    output.write_text("\n".join(lines))
    print("\n".join(lines[:lines.index("## Details")]))


if __name__ == "__main__":
    main()
