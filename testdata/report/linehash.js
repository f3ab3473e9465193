// linehash.js: GitHub's hash() from github/codeql-action src/fingerprints.ts,
// with BigInt for Long; the oracle check_report.c compares the C port with.
// Node decodes the file as UTF-8 and hashes UTF-16 code units, as upstream.
const fs = require('fs');
const BLOCK = 100, MOD = 37n, M64 = (1n << 64n) - 1n;
let firstMod = 1n; for (let i = 0; i < BLOCK; i++) firstMod = (firstMod * MOD) & M64;
function hash(text) {
  const out = [];
  const window = Array(BLOCK).fill(0n), lineNumbers = Array(BLOCK).fill(-1);
  let h = 0n, index = 0, lineNumber = 0, lineStart = true, prevCR = false;
  const counts = {};
  const outputHash = () => {
    const hv = h.toString(16);
    counts[hv] = (counts[hv] || 0) + 1;
    out[lineNumbers[index] - 1] = `${hv}:${counts[hv]}`;
    lineNumbers[index] = -1;
  };
  const update = (cur) => {
    const begin = window[index]; window[index] = BigInt(cur);
    h = (MOD * h + BigInt(cur) - firstMod * begin) & M64;
    index = (index + 1) % BLOCK;
  };
  const proc = (cur) => {
    if (cur === 32 || cur === 9 || (prevCR && cur === 10)) { prevCR = false; return; }
    if (cur === 13) { cur = 10; prevCR = true; } else prevCR = false;
    if (lineNumbers[index] !== -1) outputHash();
    if (lineStart) { lineStart = false; lineNumber++; lineNumbers[index] = lineNumber; }
    if (cur === 10) lineStart = true;
    update(cur);
  };
  for (let i = 0; i < text.length; i++) proc(text.charCodeAt(i));
  proc(65535);
  for (let i = 0; i < BLOCK; i++) { if (lineNumbers[index] !== -1) outputHash(); update(0); }
  return out;
}
const text = fs.readFileSync(process.argv[2], 'utf8');
console.log(hash(text).join('\n'));
