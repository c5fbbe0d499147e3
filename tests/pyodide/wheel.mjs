// Finds the pure-Python wheel the Pyodide tests install: $RUVECTOR_PYODIDE_WHEEL if set, else
// dist/ruvector-<version>-py3-none-any.whl, (re)built with scripts/build_pyodide_wheel.py when it is
// missing or older than the package sources (the build is deterministic and takes ~0.1 s).
import { execFileSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

export const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const PACKAGE_DIR = resolve(ROOT, 'native/python/ruvector');

function projectVersion() {
  return JSON.parse(readFileSync(resolve(ROOT, 'package.json'), 'utf8')).version;  // the one version source
}

function newestSource() {
  const times = readdirSync(PACKAGE_DIR)
    .filter((name) => /\.(py|pyi)$|^py\.typed$/.test(name))
    .map((name) => statSync(resolve(PACKAGE_DIR, name)).mtimeMs);
  times.push(statSync(resolve(ROOT, 'pyproject.toml')).mtimeMs, statSync(resolve(ROOT, 'package.json')).mtimeMs);
  return Math.max(...times);
}

/** The absolute path of the wheel to test. */
export function locateWheel() {
  const given = process.env.RUVECTOR_PYODIDE_WHEEL;
  if (given) {
    const path = resolve(given);
    if (!existsSync(path)) throw new Error(`RUVECTOR_PYODIDE_WHEEL=${given}: no such file`);
    return path;
  }
  const wheel = resolve(ROOT, `dist/ruvector-${projectVersion()}-py3-none-any.whl`);
  if (!existsSync(wheel) || statSync(wheel).mtimeMs < newestSource()) {
    const venv = resolve(ROOT, '.venv/bin/python');
    const python = existsSync(venv) ? venv : 'python3';
    execFileSync(python, [resolve(ROOT, 'scripts/build_pyodide_wheel.py')], { cwd: ROOT, stdio: ['ignore', 'ignore', 'inherit'] });
  }
  return wheel;
}
