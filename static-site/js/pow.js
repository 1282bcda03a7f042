// The registration's proof of work, ALTCHA v1 with SHA-256: the number n in
// 0..maxnumber for which hex(SHA-256(salt + n)) is the challenge. No
// imports and nothing of the page, so that the Web Worker
// (pow-worker.js) and the page itself (when there is no worker) run the
// same code. Written in ES2017, like everything the registration loads
// before it works.

/** Hashes in flight at once: crypto.subtle answers asynchronously, so batches go faster than one at a time. */
const BATCH = 64;

function hexToBytes(hex) {
  const bytes = new Uint8Array(hex.length / 2);
  for (let i = 0; i < bytes.length; i += 1) bytes[i] = parseInt(hex.substr(i * 2, 2), 16);
  return bytes;
}

function sameBytes(buffer, expected) {
  const actual = new Uint8Array(buffer);
  if (actual.length !== expected.length) return false;
  for (let i = 0; i < actual.length; i += 1) {
    if (actual[i] !== expected[i]) return false;
  }
  return true;
}

/**
 * Resolves with the number that solves `challenge` ({ algorithm, challenge,
 * maxnumber, salt }), or null when none in range does; rejects when this
 * browser cannot hash (no crypto.subtle outside a secure context).
 */
export async function solve(challenge) {
  const subtle = self.crypto && self.crypto.subtle;
  if (!subtle) throw new Error('SHA-256 is not available here');
  if (challenge.algorithm !== 'SHA-256' || !/^[0-9a-f]{64}$/i.test(challenge.challenge)) return null;
  const expected = hexToBytes(challenge.challenge.toLowerCase());
  const encoder = new TextEncoder();
  const salt = String(challenge.salt);
  const max = Number(challenge.maxnumber);
  for (let start = 0; start <= max; start += BATCH) {
    const numbers = [];
    for (let n = start; n < start + BATCH && n <= max; n += 1) numbers.push(n);
    const digests = await Promise.all(numbers.map((n) => subtle.digest('SHA-256', encoder.encode(salt + String(n)))));
    for (let i = 0; i < digests.length; i += 1) {
      if (sameBytes(digests[i], expected)) return numbers[i];
    }
  }
  return null;
}
