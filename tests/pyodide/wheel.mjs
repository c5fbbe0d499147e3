// The wheel the Pyodide tests install. By default the copy the npm package ships,
// web/pyodide/ruvector-<version>-py3-none-pyodide_2026_0_wasm32.whl, which loadRuvector() finds by itself
// ((re)built with scripts/build_pyodide_wheel.py when missing or older than the package sources: the
// build is deterministic and takes ~0.1 s). $RUVECTOR_PYODIDE_WHEEL names another wheel to pass instead.
import { execFileSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

export const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const PACKAGE_DIR = resolve(ROOT, 'native/python/ruvector');
const WHEEL_TAG = 'py3-none-pyodide_2026_0_wasm32';

function projectVersion() {
  return JSON.parse(readFileSync(resolve(ROOT, 'package.json'), 'utf8')).version;  // the one version source
}

function newestSource() {
  const times = readdirSync(PACKAGE_DIR)
    .filter((name) => /\.(py|pyi)$|^py\.typed$/.test(name))
    .map((name) => statSync(resolve(PACKAGE_DIR, name)).mtimeMs);
  times.push(statSync(resolve(ROOT, 'pyproject.toml')).mtimeMs, statSync(resolve(ROOT, 'package.json')).mtimeMs,
    statSync(resolve(ROOT, 'scripts/build_pyodide_wheel.py')).mtimeMs);
  return Math.max(...times);
}

/** The shipped copy's path, rebuilt first if it is missing or stale. */
export function shippedWheel() {
  const wheel = resolve(ROOT, `web/pyodide/ruvector-${projectVersion()}-${WHEEL_TAG}.whl`);
  if (!existsSync(wheel) || statSync(wheel).mtimeMs < newestSource()) {
    const venv = resolve(ROOT, '.venv/bin/python');
    const python = existsSync(venv) ? venv : 'python3';
    execFileSync(python, [resolve(ROOT, 'scripts/build_pyodide_wheel.py')], { cwd: ROOT, stdio: ['ignore', 'ignore', 'inherit'] });
  }
  return wheel;
}

/** $RUVECTOR_PYODIDE_WHEEL's absolute path, or undefined: then the tests use the shipped copy. */
export function givenWheel() {
  const given = process.env.RUVECTOR_PYODIDE_WHEEL;
  if (!given) return undefined;
  const path = resolve(given);
  if (!existsSync(path)) throw new Error(`RUVECTOR_PYODIDE_WHEEL=${given}: no such file`);
  return path;
}

/** loadRuvector()'s options: none (the shipped copy, made sure to be current) or { wheel } when given. */
export function wheelOptions() {
  const given = givenWheel();
  if (given) return { wheel: given };
  shippedWheel();
  return {};
}
