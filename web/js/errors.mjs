// The error hierarchy shared by every language (C++ ErrorCode, Python ruvector.errors, this file).
// The wasm bindings never throw: they return {error: {name, message}} records, and the wrappers turn
// those into these classes here, so `instanceof` and `err.name` agree across targets and workers.

export class RuVectorError extends Error {
  // Names are spelled out (not taken from `constructor.name`) so minifiers cannot change them.
  static errorName = 'RuVectorError';

  constructor(message, options) {
    super(message, options);
    this.name = new.target.errorName;
  }
}
export class DimensionMismatch extends RuVectorError { static errorName = 'DimensionMismatch'; }
export class EmptyIndex extends RuVectorError { static errorName = 'EmptyIndex'; }
export class InvalidInput extends RuVectorError { static errorName = 'InvalidInput'; }
export class PersistError extends RuVectorError { static errorName = 'PersistError'; }
export class WitnessMismatch extends RuVectorError { static errorName = 'WitnessMismatch'; }
export class EmbedError extends RuVectorError { static errorName = 'EmbedError'; }
export class A2AError extends RuVectorError { static errorName = 'A2AError'; }
export class TransportError extends A2AError { static errorName = 'TransportError'; }
export class ProtocolError extends A2AError { static errorName = 'ProtocolError'; }
export class CardSignatureInvalid extends A2AError { static errorName = 'CardSignatureInvalid'; }

const CLASSES = new Map(
  [RuVectorError, DimensionMismatch, EmptyIndex, InvalidInput, PersistError, WitnessMismatch, EmbedError,
    A2AError, TransportError, ProtocolError, CardSignatureInvalid].map((cls) => [cls.errorName, cls]),
);
// Built-in errors can cross a worker boundary too (e.g. a TypeError from structured cloning).
const BUILTINS = new Map(
  [Error, TypeError, RangeError, SyntaxError, ReferenceError].map((cls) => [cls.name, cls]),
);

/** Rebuilds an error from a {name, message} record (from the bindings or another thread). */
export function errorFromRecord(record) {
  const name = String(record?.name ?? 'RuVectorError');
  const message = String(record?.message ?? '');
  const cls = CLASSES.get(name) ?? BUILTINS.get(name);
  if (cls) return new cls(message);
  // An unknown name still reaches the caller as a library error, with the original name kept visible.
  return new RuVectorError(`${name}: ${message}`);
}

/** The {name, message} record of any thrown value, for posting across threads. */
export function errorToRecord(err) {
  if (err instanceof Error) return { name: err.name, message: err.message };
  return { name: 'RuVectorError', message: String(err) };
}

/** Returns `result` unless it is a binding error record, which it throws as the matching class. */
export function throwIfError(result) {
  if (result !== null && typeof result === 'object' && 'error' in result && result.error
      && typeof result.error === 'object' && 'name' in result.error) {
    throw errorFromRecord(result.error);
  }
  return result;
}
