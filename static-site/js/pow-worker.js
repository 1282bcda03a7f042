// A Web Worker that solves one registration challenge off the page's main
// thread (see pow.js): it receives the challenge and answers
// { number } (null when none solves it) or { error }. Loaded as a module
// worker; where those are not supported, it fails to load and the page
// solves the challenge itself.

import { solve } from './pow.js';

self.onmessage = function onChallenge(event) {
  solve(event.data).then(
    function solved(number) { self.postMessage({ number: number }); },
    function failed(error) { self.postMessage({ error: String((error && error.message) || error) }); },
  );
};
