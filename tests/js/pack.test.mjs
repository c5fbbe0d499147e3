// What `npm pack` ships: the runtime files and declarations, nothing from tests/ or src/.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const root = process.env.RUVECTOR_REPO_ROOT ?? fileURLToPath(new URL('../..', import.meta.url));

test('npm pack --dry-run contents', () => {
  const out = execFileSync('npm', ['pack', '--dry-run', '--json', '--ignore-scripts'], { cwd: root, encoding: 'utf8' });
  const files = JSON.parse(out)[0].files.map((f) => f.path);
  for (const required of ['package.json', 'web/js/index.mjs', 'web/js/index.d.ts', 'web/js/worker.mjs',
    'web/js/worker.d.ts', 'web/js/worker_host.mjs', 'web/js/errors.mjs', 'web/js/convert.mjs', 'web/js/runtime.mjs',
    'web/js/rabitq.mjs', 'web/js/rabitq.d.ts', 'web/js/embed.mjs', 'web/js/embed.d.ts',
    'web/js/dist/ruvector_wasm.mjs', 'web/js/dist/ruvector_wasm.wasm']) {
    assert.ok(files.includes(required), `${required} missing from the package: ${files.join(', ')}`);
  }
  const stray = files.filter((f) => /^(tests|src|native|build|scripts|examples|node_modules)\//.test(f)
    || f.endsWith('.ts') && !f.endsWith('.d.ts') || f.endsWith('tsconfig.json'));
  assert.deepEqual(stray, []);
});
