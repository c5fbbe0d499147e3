// A user's progress callback as the function the bindings call, fn(done, total, stage, fraction)
// (web/bindings/progress.hpp), for every long call (RabitqIndex builds, text and image embedding).
// A JS exception must never cross the wasm frames (it would skip C++ destructors), so the user's
// callback runs inside a catch: its error is kept, fn returns true (the binding then abandons the
// call by a C++ exception that unwinds normally) and result() rethrows it once the call is over.
// Internal, not a public entry point.
import { InvalidInput, throwIfError } from './errors.mjs';
import { describe } from './texts.mjs';

/**
 * `signature` names the user's arguments in the error for a non-function; `pick(done, total, stage,
 * fraction)` chooses them (builds: (stage, fraction); encoders: all four, done and total first).
 */
export function progressBridge(progress, signature, pick = (...step) => step) {
  const bridge = {
    fn: undefined,
    failed: false,
    error: undefined,
    /** The call's status or value, unless the callback threw: then its error. */
    result(status) {
      if (bridge.failed) throw bridge.error;
      return throwIfError(status);
    },
  };
  if (progress === undefined || progress === null) return bridge;
  if (typeof progress !== 'function') {
    throw new InvalidInput(`progress must be a function ${signature}, got ${describe(progress)}`);
  }
  bridge.fn = (...step) => {
    if (bridge.failed) return true; // a worker's late messages after the callback threw
    try {
      progress(...pick(...step));
      return false;
    } catch (err) {
      bridge.failed = true;
      bridge.error = err;
      return true;
    }
  };
  return bridge;
}

/** The encoders' progress(done, total, stage, fraction). */
export const embedProgress = (progress) => progressBridge(progress, '(done, total)');
