#!/usr/bin/env python3
"""Solves a registration challenge as the contest page does (ALTCHA v1):
the number whose SHA-256 with the salt is the challenge. Reads the
challenge's JSON (GET /api/contests/{cid}/challenge) on standard input and
prints the `altcha` value a registration sends.

    curl -s $B/challenge | python3 tools/solve_challenge.py
"""

import base64
import hashlib
import json
import sys


def solve_challenge(challenge: dict) -> str:
    salt, target = challenge["salt"], challenge["challenge"]
    number = next(n for n in range(challenge["maxnumber"] + 1)
                  if hashlib.sha256(f"{salt}{n}".encode()).hexdigest() == target)
    payload = {k: challenge[k] for k in ("algorithm", "challenge", "salt", "signature")} | {"number": number}
    return base64.b64encode(json.dumps(payload).encode()).decode()


if __name__ == "__main__":
    print(solve_challenge(json.load(sys.stdin)))
