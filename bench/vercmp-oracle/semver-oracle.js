// semver-oracle.js: npm's semver package as a batch oracle.
// Usage: node semver-oracle.js NODE_MODULES_DIR cmp   < "A B" lines
//        node semver-oracle.js NODE_MODULES_DIR range < "VERSION\tRANGE" lines
// Prints one of < = > invalid (cmp) or yes no invalid (range) per line.
'use strict';
const path = require('path');
const semver = require(path.resolve(process.argv[2], 'semver'));
const mode = process.argv[3];
const lines = require('fs').readFileSync(0, 'utf8').split('\n');
if (lines.length && lines[lines.length - 1] === '') lines.pop();
const out = [];
for (const line of lines) {
  if (mode === 'cmp') {
    const [a, b] = line.trim().split(/\s+/);
    if (semver.valid(a) === null || semver.valid(b) === null) {
      out.push('invalid');
      continue;
    }
    const r = semver.compare(a, b);
    out.push(r < 0 ? '<' : r > 0 ? '>' : '=');
  } else {
    const tab = line.indexOf('\t');
    const v = line.slice(0, tab), r = line.slice(tab + 1);
    if (semver.valid(v) === null || semver.validRange(r) === null) {
      out.push('invalid');
      continue;
    }
    out.push(semver.satisfies(v, r) ? 'yes' : 'no');
  }
}
process.stdout.write(out.join('\n') + (out.length ? '\n' : ''));
