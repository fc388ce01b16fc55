// Area boundaries for `npm run lint` (dependency-cruiser). An *area* is a folder directly
// under src/; the files directly in src/ are the composition root that wires areas together.
// test/unit/boundaries.test.ts plants a violation of each rule to show the rule still bites.

// Shared infrastructure whose files areas may import one by one: http/ (guards, csrf,
// cookies, paths) and lib/ (clock, logger, http client: independent leaves, no index.ts).
const SHARED = '^src/(http|lib)/';

// Top-level files lib/ and db/ may use: they are leaves that import nothing of ours (the
// lib-db-reach-no-area rule below keeps lib/ and db/ clean should that ever change).
const LEAVES = '^src/(config|errors|paths)[.]ts$';

/** @type {import('dependency-cruiser').IConfiguration} */
module.exports = {
  forbidden: [
    {
      name: 'no-circular',
      severity: 'error',
      comment: 'No file may depend on itself through other files.',
      from: {},
      to: { circular: true },
    },
    {
      name: 'no-circular-areas',
      severity: 'error',
      scope: 'folder',
      // The cycle is printed folder by folder; to see the imports behind it:
      // npx depcruise src --no-config --ts-pre-compilation-deps -T text --include-only '^src/(courses|http)/'
      comment:
        'No area may depend on itself through other areas (courses -> assessments -> courses), even when ' +
        'no single file is in a cycle; http/ counts too, so it may not import an area that imports it. ' +
        'An area announces upwards through a hook that deps.ts connects.',
      from: { path: '^src/' },
      to: { circular: true },
    },
    {
      name: 'area-through-index',
      severity: 'error',
      comment:
        "A file in one area reaches another area only through that area's index.ts, type-only " +
        'imports included; http/ and lib/ files may be imported directly.',
      from: { path: '^src/([^/]+)/' },
      to: { path: '^src/(?!$1/)[^/]+/', pathNot: [`^src/[^/]+/index[.]ts$`, SHARED] },
    },
    {
      name: 'no-area-imports-composition-root',
      severity: 'error',
      comment: 'deps.ts, app.ts, main.ts and cli.ts wire the areas; an area importing them makes a cycle by construction.',
      from: { path: '^src/[^/]+/' },
      to: { path: '^src/(deps|app|main|cli|cli-commands)[.]ts$' },
    },
    {
      name: 'lib-db-import-no-area',
      severity: 'error',
      comment: 'lib/ and db/ are the bottom layer: they import each other, node, npm packages and config.ts, errors.ts, paths.ts only.',
      from: { path: '^src/(lib|db)/' },
      to: { path: '^src/', pathNot: ['^src/(lib|db)/', LEAVES] },
    },
    {
      name: 'lib-db-reach-no-area',
      severity: 'error',
      comment: 'lib/ and db/ do not reach an area through a top-level file either.',
      from: { path: '^src/(lib|db)/' },
      to: { path: '^src/(?!lib/|db/)[^/]+/', reachable: true },
    },
    {
      name: 'i18n-imports-only-itself',
      severity: 'error',
      comment: 'Translations are a leaf every area may use, so they use nothing of ours.',
      from: { path: '^src/i18n/' },
      to: { path: '^src/', pathNot: '^src/i18n/' },
    },
    {
      name: 'not-to-unresolvable',
      severity: 'error',
      comment: 'An import the cruiser cannot resolve is an import no rule above can check.',
      from: {},
      to: { couldNotResolve: true },
    },
  ],
  options: {
    // type-only imports are dependencies too: `import type { X } from '../courses/service.js'`
    // couples the two areas as much as a value import does.
    tsPreCompilationDeps: true,
    doNotFollow: { path: 'node_modules' },
    enhancedResolveOptions: {
      exportsFields: ['exports'],
      conditionNames: ['import', 'require', 'node', 'default', 'types'],
      mainFields: ['module', 'main', 'types', 'typings'],
    },
  },
};
