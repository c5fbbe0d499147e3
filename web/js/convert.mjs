// Type translation shared by the in-thread API (index.mjs) and the worker proxy (worker.mjs).
// Only types are checked here; shapes, NaN/Inf, k and id uniqueness are validated by the C++ core
// so every language reports them with the same class and message.
import { InvalidInput } from './errors.mjs';

const U64_MAX = (1n << 64n) - 1n;

function describe(value) {
  if (value === null) return 'null';
  if (typeof value === 'object') return value.constructor?.name ?? 'object';
  return typeof value;
}

function isArrayLike(value) {
  // A bare number would make `new Float32Array(n)` an array of n zeros: reject it explicitly.
  return value !== null && typeof value === 'object' && typeof value.length === 'number';
}

/** Float32Array as-is; any other array-like of numbers (number[], Float64Array, ...) is converted. */
export function toFloat32(value, what) {
  if (value instanceof Float32Array) return value;
  if (!isArrayLike(value)) {
    throw new InvalidInput(`${what} must be a Float32Array or an array of numbers, got ${describe(value)}`);
  }
  // Non-numbers become NaN, which the core reports with its row and column.
  return Float32Array.from(value, Number);
}

/** Uint8Array as-is; other array-likes of byte values are converted. */
export function toBytes(value, what) {
  if (value instanceof Uint8Array) return value;
  if (ArrayBuffer.isView(value)) return new Uint8Array(value.buffer, value.byteOffset, value.byteLength);
  if (value instanceof ArrayBuffer) return new Uint8Array(value);
  if (!isArrayLike(value)) throw new InvalidInput(`${what} must be a Uint8Array, got ${describe(value)}`);
  return Uint8Array.from(value, (v, i) => {
    if (!Number.isInteger(v) || v < 0 || v > 255) throw new InvalidInput(`${what}[${i}] is not a byte: ${v}`);
    return v;
  });
}

function toU64(v, i) {
  // Numbers above 2^53 are already rounded, so a silently wrong id is refused rather than stored.
  if (typeof v === 'number' && Number.isSafeInteger(v) && v >= 0) return BigInt(v);
  if (typeof v === 'bigint' && v >= 0n && v <= U64_MAX) return v;
  throw new InvalidInput(
    `ids[${i}] must be a non-negative integer (a bigint above 2^53), got ${typeof v === 'bigint' ? `${v}n` : String(v)}`);
}

/** A u64 as a bigint: a safe non-negative integer number or a bigint in 0 ..= 2^64 - 1. */
export function toUint64(value, what) {
  if (typeof value === 'number' && Number.isSafeInteger(value) && value >= 0) return BigInt(value);
  if (typeof value === 'bigint' && value >= 0n && value <= U64_MAX) return value;
  throw new InvalidInput(`${what} must be an integer between 0 and 2^64 - 1 (a bigint above 2^53), got ${
    typeof value === 'bigint' ? `${value}n` : String(value)}`);
}

/** The core's JSON object of values (snake_case keys, e.g. defaults) with the JS SDK's camelCase keys. */
export function camelKeys(json) {
  return Object.fromEntries(Object.entries(JSON.parse(json)).map(([key, value]) => [
    key.replace(/_([a-z])/g, (_, c) => c.toUpperCase()), value]));
}

/** A u64 seed as a bigint (see toUint64). */
export function toSeed(seed) {
  return toUint64(seed, 'seed');
}

/** BigUint64Array as-is; arrays of numbers/bigints are converted; null/undefined means auto ids. */
export function toIds(value) {
  if (value === undefined || value === null) return new BigUint64Array(0);
  if (value instanceof BigUint64Array) return value;
  if (!isArrayLike(value)) {
    throw new InvalidInput(`ids must be a BigUint64Array or an array of integers, got ${describe(value)}`);
  }
  const out = new BigUint64Array(value.length);
  for (let i = 0; i < value.length; i++) out[i] = toU64(value[i], i);
  return out;
}

/**
 * `converted` if it is a fresh array made by the functions above, else a copy: only arrays nobody
 * else references may have their buffer transferred to a worker (transfer detaches it).
 */
export function ownedArray(converted, original) {
  // A view of the caller's ArrayBuffer (toBytes wraps one without copying) is not fresh either.
  const shared = original === converted.buffer || (ArrayBuffer.isView(original) && original.buffer === converted.buffer);
  return converted !== original && !shared ? converted : converted.slice();
}
