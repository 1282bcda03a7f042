#!/usr/bin/env python3
"""Runs schemathesis against a live local stack (started by scripts/api-fuzz.sh).

Sets up what the generated requests need to reach past authentication and
lookups: a participant token (a fresh registration in the demo contest), an
organizer token, and an attempt in progress. These go into a schemathesis
config file: each token bound to its OpenAPI security scheme (so one pass
covers participant and organizer routes), and the real ids as dictionaries
that path parameters draw from part of the time (the rest are generated, so
unknown ids are tried too).

Prints one line, "schemathesis: N operations, M test cases, K failures"
(", E errors" added when requests failed outright, e.g. a dropped
connection), and exits non-zero on any failure or error.

    python tools/schemathesis_run.py --base-url http://127.0.0.1:PORT \
        --organizer fuzz --organizer-password ... [--max-examples 20] [--seed 20221017]
"""

from __future__ import annotations

import argparse
import json
import os
import random
import subprocess
import sys
import tempfile
import urllib.error
import urllib.request
from pathlib import Path

from solve_challenge import solve_challenge

ROOT = Path(__file__).resolve().parent.parent
SCHEMA = ROOT / "api" / "openapi.json"
CONTEST = "cchc-2022"

# Every schemathesis check but one. positive_data_acceptance expects every
# schema-valid request to succeed, and here many cannot: rules a schema cannot
# state refuse them with a documented 4xx (an organization id not in the
# contest, a round closing before it opens, a phone already registered, a
# question id not in the attempt, integers written as 1320.0, which JSON
# Schema counts as integers and serde does not). The stateful checks
# (use_after_free, ensure_resource_availability, object_level_authorization)
# run but find little to do: the API deletes nothing and per-user access is
# covered by the integration tests.
CHECKS = ["all"]
EXCLUDED_CHECKS = ["positive_data_acceptance"]


def call(base: str, method: str, path: str, body=None, token: str | None = None):
    data = None if body is None else json.dumps(body).encode()
    request = urllib.request.Request(base + path, data=data, method=method)
    if data is not None:
        request.add_header("Content-Type", "application/json")
    if token:
        request.add_header("Authorization", f"Bearer {token}")
    try:
        with urllib.request.urlopen(request, timeout=30) as response:
            return response.status, json.loads(response.read() or b"null")
    except urllib.error.HTTPError as err:
        return err.code, json.loads(err.read() or b"null")


def expect(status_and_body, wanted: int, what: str):
    status, body = status_and_body
    if status != wanted:
        sys.exit(f"api-fuzz setup: {what} answered {status}: {body}")
    return body


def toml_string(value: str) -> str:
    return json.dumps(value, ensure_ascii=False)


def toml_list(values) -> str:
    return "[" + ", ".join(toml_string(v) for v in values) + "]"


def main() -> int:
    parser = argparse.ArgumentParser(allow_abbrev=False)
    parser.add_argument("--base-url", required=True)
    parser.add_argument("--organizer", required=True)
    parser.add_argument("--organizer-password", required=True)
    parser.add_argument("--max-examples", type=int, default=int(os.environ.get("API_FUZZ_EXAMPLES", "20")))
    parser.add_argument("--seed", type=int, default=int(os.environ.get("API_FUZZ_SEED", "20221017")))
    # One worker: Hypothesis parses lambda sources with `ast`, which is not
    # thread-safe on CPython 3.11 ("AST constructor recursion depth mismatch",
    # python/cpython#106905), so concurrent workers fail at random.
    parser.add_argument("--workers", default=os.environ.get("API_FUZZ_WORKERS", "1"))
    parser.add_argument("--timeout", type=int, default=int(os.environ.get("API_FUZZ_TIMEOUT", "600")),
                        help="hard bound on the schemathesis run, seconds")
    parser.add_argument("--report-dir", default=str(ROOT / ".local" / "api-fuzz"))
    parser.add_argument("--har", action="store_true", help="also record every request and response in report-dir/requests.har")
    # Anything else goes to `schemathesis run` (e.g. --include-tag ranking).
    args, extra = parser.parse_known_args()
    base = args.base_url.rstrip("/")
    rng = random.Random(args.seed)

    contest = expect(call(base, "GET", f"/api/contests/{CONTEST}"), 200, "GET contest")
    rounds = [r["id"] for r in contest["rounds"]]
    organizations = [o["id"] for o in contest["organizations"]]
    open_round = next(r["id"] for r in contest["rounds"] if r["status"] == "open")

    def fresh_phone() -> str:
        return "0" + rng.choice("35789") + "".join(str(rng.randrange(10)) for _ in range(8))

    phone = fresh_phone()
    password = "mat-khau-kiem-thu"
    registration = {
        "full_name": "Người Kiểm Thử API",
        "phone": phone,
        "password": password,
        "organization_id": organizations[0],
        "consent": True,
        "privacy_notice_version": contest["privacy_notice_version"],
    }
    if contest.get("registration_challenge"):
        registration["altcha"] = solve_challenge(expect(call(base, "GET", f"/api/contests/{CONTEST}/challenge"), 200, "challenge"))
    session = expect(call(base, "POST", f"/api/contests/{CONTEST}/register", registration), 201, "register")
    participant_token = session["token"]
    attempt = expect(call(base, "POST", f"/api/contests/{CONTEST}/rounds/{open_round}/attempts",
                          token=participant_token), 201, "start attempt")
    attempt_id = attempt["attempt_id"]
    question_ids = [q["id"] for q in attempt["questions"]]
    organizer = expect(call(base, "POST", "/api/admin/login",
                            {"username": args.organizer, "password": args.organizer_password}), 200, "organizer login")
    organizer_token = organizer["token"]

    # The ranking function serves this document; until a build serves it,
    # its operation is left out (and said so) rather than failed.
    served, _ = call(base, "GET", "/api/openapi.json")
    if served != 200:
        print(f"api-fuzz: GET /api/openapi.json answered {served}: that operation is skipped", file=sys.stderr)
        extra = ["--exclude-path", "/api/openapi.json", *extra]

    report_dir = Path(args.report_dir)
    report_dir.mkdir(parents=True, exist_ok=True)
    report_json = report_dir / "report.json"
    if report_json.exists():
        report_json.unlink()
    # Ids, phones and passwords that exist, drawn part of the time (in the
    # fuzzing phase); the rest is generated.
    config = f"""
[auth.openapi.participantToken]
bearer = {toml_string(participant_token)}

[auth.openapi.organizerToken]
bearer = {toml_string(organizer_token)}

[dictionaries.contests]
values = {toml_list([CONTEST])}

[dictionaries.rounds]
values = {toml_list(rounds)}

[dictionaries.attempts]
values = {toml_list([attempt_id])}

[dictionaries.questions]
values = {toml_list(question_ids[:10] + ["q001", "q002"])}

[dictionaries.organizations]
values = {toml_list(organizations)}

[dictionaries.phones]
values = {toml_list([phone] + [fresh_phone() for _ in range(40)])}

[dictionaries.passwords]
values = {toml_list([password, args.organizer_password])}

[dictionaries.usernames]
values = {toml_list([args.organizer])}

[parameters]
"path.cid" = {{ dictionary = "contests", probability = 0.6 }}
"path.rid" = {{ dictionary = "rounds", probability = 0.6 }}
"path.aid" = {{ dictionary = "attempts", probability = 0.6 }}
"path.qid" = {{ dictionary = "questions", probability = 0.5 }}
"path.oid" = {{ dictionary = "organizations", probability = 0.5 }}
"query.round" = {{ dictionary = "rounds", probability = 0.6 }}
"body.phone" = {{ dictionary = "phones", probability = 0.7 }}
"body.password" = {{ dictionary = "passwords", probability = 0.5 }}
"body.username" = {{ dictionary = "usernames", probability = 0.5 }}
"body.organization_id" = {{ dictionary = "organizations", probability = 0.7 }}
"""
    with tempfile.NamedTemporaryFile("w", suffix=".toml", prefix="schemathesis-", delete=False) as handle:
        handle.write(config)
        config_path = handle.name

    command = [
        str(Path(sys.executable).parent / "schemathesis"),
        "--config-file", config_path,
        "run", str(SCHEMA),
        "--url", base,
        "--checks", ",".join(CHECKS),
        "--exclude-checks", ",".join(EXCLUDED_CHECKS),
        "--max-examples", str(args.max_examples),
        "--seed", str(args.seed),
        "--workers", str(args.workers),
        "--request-timeout", "30",
        "--generation-database", "none",
        "--no-color",
        "--report", "json,har" if args.har else "json",
        "--report-json-path", str(report_json),
        *(["--report-har-path", str(report_dir / "requests.har")] if args.har else []),
        *extra,
    ]
    # Not --max-time: schemathesis treats it as a budget to fill, not a bound.
    try:
        completed = subprocess.run(command, cwd=report_dir, timeout=args.timeout)
    except subprocess.TimeoutExpired:
        print(f"schemathesis: did not finish within {args.timeout} s")
        return 1
    finally:
        os.unlink(config_path)

    if not report_json.exists():
        print(f"schemathesis: no report (exit code {completed.returncode})")
        return completed.returncode or 1
    report = json.loads(report_json.read_text())
    operations = (report.get("operations") or {}).get("tested", 0)
    cases = report["test_cases"]["generated"]
    failures = report["test_cases"]["unique_failures"]
    errors = sum(e["count"] for e in report["errors"])
    summary = f"schemathesis: {operations} operations, {cases} test cases, {failures} failures"
    if errors:
        summary += f", {errors} errors"
    print(summary)
    return 0 if completed.returncode == 0 and failures == 0 and errors == 0 else (completed.returncode or 1)


if __name__ == "__main__":
    sys.exit(main())
