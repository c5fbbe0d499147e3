// Writes tests/data/jcs_numbers.json: doubles (as IEEE-754 bit patterns, hex) with the string that
// ECMAScript's Number::toString gives them, produced here by Node's JSON.stringify. RFC 8785 number
// serialization is exactly that rule, so this file is an independent oracle for the C++ canonicalizer.
// Deterministic (seeded xorshift), so re-running it reproduces the file:  node tests/data/make_jcs_numbers.mjs
import { writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

let state = 0x9e3779b97f4a7c15n;
const mask = (1n << 64n) - 1n;
function next64() {  // xorshift64*
  state ^= state >> 12n; state ^= (state << 25n) & mask; state ^= state >> 27n;
  return (state * 0x2545f4914f6cdd1dn) & mask;
}
const buf = new DataView(new ArrayBuffer(8));
const bitsOf = (x) => { buf.setFloat64(0, x); return buf.getBigUint64(0); };
const fromBits = (b) => { buf.setBigUint64(0, b); return buf.getFloat64(0); };
const hex = (b) => b.toString(16).padStart(16, '0');

const cases = new Map();  // bits -> note
const add = (x, note) => { if (Number.isFinite(x)) { const b = bitsOf(x); if (!cases.has(b)) cases.set(b, note); } };
const addBits = (b, note) => add(fromBits(b & mask), note);

// Edge cases named by the brief and by RFC 8785 Appendix B.
for (const x of [0, -0, 1, -1, 0.5, 1e21, 1e-7, 1e-6, 9.999999999999999e20, 1e20, 123e18, 5e-324, -5e-324,
  Number.MAX_VALUE, -Number.MAX_VALUE, Number.MIN_VALUE, 2.2250738585072014e-308, 2.225073858507201e-308,
  Number.MAX_SAFE_INTEGER, -Number.MAX_SAFE_INTEGER, 2 ** 53, 2 ** 53 + 2, 2 ** 53 - 1, 2 ** 54, 2 ** 63, 2 ** 64,
  333333333.3333333, 1e23, 9007199254740993, 0.1, 0.2, 0.3, 1 / 3, 2 / 3, Math.PI, Math.E, 1e-323, 4.35, 0.000001,
  0.0000001, 1e-5, 123456789012345680000, 4.50, 2e-3, 0.000000000000000000000000001, 295147905179352830000,
  999999999999999900000, 1.7976931348623157e308, 1e308, 1e-308, 1e300, 1e-300, 1e16, 1e15, 1e17, 12345e-10]) {
  add(x, 'edge');
}
// RFC 8785 Appendix B bit patterns.
for (const h of ['0000000000000000', '8000000000000000', '0000000000000001', '8000000000000001', '7fefffffffffffff',
  'ffefffffffffffff', '4340000000000000', 'c340000000000000', '4430000000000000', '44b52d02c7e14af5',
  '44b52d02c7e14af6', '44b52d02c7e14af7', '444b1ae4d6e2ef4e', '444b1ae4d6e2ef4f', '444b1ae4d6e2ef50',
  '3eb0c6f7a0b5ed8c', '3eb0c6f7a0b5ed8d', '41b3de4355555553', '41b3de4355555554', '41b3de4355555555',
  '41b3de4355555556', '41b3de4355555557', 'becbf647612f3696', '43143ff3c1cb0959']) {
  addBits(BigInt('0x' + h), 'rfc8785-appendix-b');
}
// Powers of ten and their neighbours (the fixed/exponent switch points of Number::toString).
for (let e = -325; e <= 309; e++) {
  const x = Number(`1e${e}`);
  if (x === 0 || !Number.isFinite(x)) continue;
  const b = bitsOf(x);
  add(x, 'pow10'); addBits(b + 1n, 'pow10+1ulp'); addBits(b - 1n, 'pow10-1ulp');
  add(-x, 'pow10');
}
// Powers of two, integers around 2^53, subnormals.
for (let e = -1074; e <= 1023; e += 7) add(2 ** e, 'pow2');
for (let d = -40; d <= 40; d++) { add(2 ** 53 + d, 'near-2^53'); add(-(2 ** 53) + d, 'near-2^53'); }
for (let i = 1n; i <= 64n; i++) addBits(i, 'subnormal');
addBits(0x000fffffffffffffn, 'max-subnormal');
addBits(0x0010000000000000n, 'min-normal');
// Random bit patterns over the whole range (exponent field uniform).
let random = 0;
while (random < 3000) { const b = next64(); const before = cases.size; addBits(b, 'random-bits'); random += cases.size > before ? 1 : 0; }
// Random values in ranges people write: short decimals, integers, and values near the 1e21 / 1e-7 switches.
for (let i = 0; i < 1000; i++) {
  const r = Number(next64() >> 11n) / 2 ** 53;
  const digits = 1 + Number(next64() % 17n);
  const exp = Number(next64() % 60n) - 30;
  add(Number(`${r.toFixed(digits).slice(2)}e${exp}`), 'random-decimal');
  add(Math.floor(r * 2 ** 53), 'random-integer');
  add(r * 1e21, 'random-near-1e21');
  add(r * 1e-6, 'random-near-1e-7');
}

const entries = [...cases.entries()].map(([b, note]) => [hex(b), JSON.stringify(fromBits(b)), note]);
const out = {
  source: 'tests/data/make_jcs_numbers.mjs, run with Node ' + process.version,
  rule: 'value: IEEE-754 double bits (big-endian hex); expected: JSON.stringify(value) (ECMAScript Number::toString)',
  count: entries.length,
  cases: entries,
};
const path = fileURLToPath(new URL('./jcs_numbers.json', import.meta.url));
writeFileSync(path, JSON.stringify(out, null, 0).replace(/\],\[/g, '],\n[') + '\n');
console.log(`wrote ${entries.length} cases to ${path}`);
