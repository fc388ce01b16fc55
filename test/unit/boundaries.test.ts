import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { after, describe, it } from 'node:test';
import { cruise, type ICruiseResult } from 'dependency-cruiser';
import extractDepcruiseOptions from 'dependency-cruiser/config-utl/extract-depcruise-options';

// The rules `npm run lint` applies, run on planted violations so a rule that stops
// matching (a typo in a regular expression, an option dependency-cruiser renamed) fails here.
const CONFIG = resolve('.dependency-cruiser.cjs');

/** Every violation in `src/` under baseDir, as "rule: from -> to", sorted. */
async function violations(baseDir: string): Promise<string[]> {
  const options = await extractDepcruiseOptions(CONFIG);
  const { output } = await cruise(['src'], { ...options, baseDir });
  return (output as ICruiseResult).summary.violations.map((v) => `${v.rule.name}: ${v.from} -> ${v.to}`).sort();
}

// Two areas with their index.ts, shared http/ and lib/, and a composition root; all allowed.
const CLEAN: Record<string, string> = {
  'src/a/index.ts': "export { x } from './x.js';\n",
  'src/a/x.ts': "import { now } from '../lib/clock.js';\nexport const x = now();\n",
  'src/b/index.ts': "export { y } from './y.js';\n",
  'src/b/y.ts': "import { x } from '../a/index.js';\nimport { guard } from '../http/guard.js';\nexport const y = x + guard;\n",
  'src/http/guard.ts': "import { x } from '../a/index.js';\nexport const guard = x;\n",
  'src/lib/clock.ts': "import { root } from '../paths.js';\nexport const now = () => root.length;\n",
  'src/paths.ts': "export const root = '/';\n",
  'src/i18n/index.ts': "export { en } from './en.js';\n",
  'src/i18n/en.ts': "export const en = {};\n",
  'src/deps.ts': "import { x } from './a/x.js';\nimport { y } from './b/index.js';\nexport const deps = { x, y };\n",
};

const dirs: string[] = [];
after(() => dirs.forEach((dir) => rmSync(dir, { recursive: true, force: true })));

/** The clean tree with some files changed or added, written to a fresh temporary folder. */
function tree(changes: Record<string, string> = {}): string {
  const dir = mkdtempSync(join(tmpdir(), 'beacon-boundaries-'));
  dirs.push(dir);
  for (const [file, text] of Object.entries({ ...CLEAN, ...changes })) {
    mkdirSync(dirname(join(dir, file)), { recursive: true });
    writeFileSync(join(dir, file), text);
  }
  return dir;
}

describe('area boundaries (.dependency-cruiser.cjs)', () => {
  it('allows imports through index.ts, of http/ and lib/ files, and anything from the composition root', async () => {
    assert.deepEqual(await violations(tree()), []);
  });

  it("reports a file importing another area's file instead of its index.ts, type-only imports too", async () => {
    assert.deepEqual(await violations(tree({ 'src/b/y.ts': "import { x } from '../a/x.js';\nexport const y = x;\n" })), ['area-through-index: src/b/y.ts -> src/a/x.ts']);
    assert.deepEqual(await violations(tree({ 'src/b/y.ts': "import type { x } from '../a/x.js';\nexport const y: typeof x = 1;\n" })), ['area-through-index: src/b/y.ts -> src/a/x.ts']);
  });

  it('reports http/ importing an area other than through its index.ts', async () => {
    assert.deepEqual(await violations(tree({ 'src/http/guard.ts': "import { x } from '../a/x.js';\nexport const guard = x;\n" })), ['area-through-index: src/http/guard.ts -> src/a/x.ts']);
  });

  it('reports two areas that import each other, even when no file is in a cycle', async () => {
    // a/w.ts -> b/index.ts -> b/y.ts -> a/index.ts -> a/x.ts: no file comes back to itself.
    // (b -> http -> a is part of it too: http/ is an area like any other for cycles.)
    const found = await violations(tree({ 'src/a/w.ts': "import { y } from '../b/index.js';\nexport const w = y;\n" }));
    assert.ok(found.includes('no-circular-areas: src/a -> src/b') && found.includes('no-circular-areas: src/b -> src/a'), found.join('\n'));
    assert.ok(found.every((v) => v.startsWith('no-circular-areas: ')), found.join('\n'));
  });

  it('reports a file cycle', async () => {
    const found = await violations(tree({ 'src/a/x.ts': "import { y } from '../b/index.js';\nexport const x = 1;\nexport const z = y;\n" }));
    assert.ok(found.some((v) => v.startsWith('no-circular: ')), found.join('\n'));
    assert.ok(found.includes('no-circular-areas: src/a -> src/b'), found.join('\n'));
  });

  it('reports lib/ or db/ importing an area, directly or through a top-level file', async () => {
    const direct = await violations(tree({ 'src/lib/clock.ts': "import { x } from '../a/index.js';\nexport const now = () => x;\n" }));
    assert.ok(direct.includes('lib-db-import-no-area: src/lib/clock.ts -> src/a/index.ts'), direct.join('\n'));
    const through = await violations(tree({ 'src/db/connect.ts': "import { root } from '../paths.js';\nexport const db = root;\n", 'src/paths.ts': "import { y } from './b/index.js';\nexport const root = String(y);\n" }));
    assert.ok(through.includes('lib-db-reach-no-area: src/db/connect.ts -> src/b/index.ts'), through.join('\n'));
    assert.ok(!through.some((v) => v.startsWith('lib-db-import-no-area')), 'paths.ts itself is allowed');
  });

  it('reports i18n/ importing anything of ours outside itself', async () => {
    assert.deepEqual(await violations(tree({ 'src/i18n/en.ts': "import { now } from '../lib/clock.js';\nexport const en = { now };\n" })), ['i18n-imports-only-itself: src/i18n/en.ts -> src/lib/clock.ts']);
  });

  it('reports an area importing the composition root', async () => {
    const found = await violations(tree({ 'src/b/y.ts': "import type { deps } from '../deps.js';\nexport const y = 1;\nexport type D = typeof deps;\n" }));
    assert.ok(found.includes('no-area-imports-composition-root: src/b/y.ts -> src/deps.ts'), found.join('\n'));
  });

  it('reports an import it cannot resolve, which no other rule could check', async () => {
    assert.deepEqual(await violations(tree({ 'src/b/y.ts': "import { x } from '../a/gone.js';\nexport const y = x;\n" })), ['not-to-unresolvable: src/b/y.ts -> ../a/gone.js']);
  });

  it('src/ keeps to them (npm run lint)', async () => {
    const found = await violations(resolve('.'));
    assert.deepEqual(found, [], `npm run lint reports:\n${found.join('\n')}`);
  });
});
