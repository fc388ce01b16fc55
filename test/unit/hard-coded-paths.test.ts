import assert from 'node:assert/strict';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { describe, it } from 'node:test';
import { paths } from '../../src/http/paths.js';
import { projectRoot } from '../../src/paths.js';

// src/http/paths.ts is the one place URLs are spelled; everything else asks it.
const EXEMPT = new Set(['src/http/paths.ts']);
const SCANNED = [
  { dir: 'src', ext: '.ts' },
  { dir: 'views', ext: '.ejs' },
  { dir: 'public', ext: '.js' },
];

const escape = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

// The first segment of every URL Beacon serves (courses, admin, verify, ...), from paths
// itself, so a new area is covered as soon as it is declared there.
const areas = [
  ...new Set(
    Object.values(paths)
      .map((p) => (typeof p === 'string' ? p : p.pattern).split('/')[1])
      .filter((segment): segment is string => Boolean(segment)),
  ),
];

const RULES: Array<{ why: string; pattern: RegExp }> = [
  {
    // '/courses/…', "/admin/…", `/verify/…`, `${publicUrl}/verify/…`, <%= x %>/help: a path that
    // starts a string, or follows an interpolation. Absolute URLs of other sites
    // (http://purl.imsglobal.org/spec/lti/…) and view names ('certificates/verify') do not.
    why: 'app path in a string',
    pattern: new RegExp(`(?:["'\`}]|%>)/(?:${areas.map(escape).join('|')})(?=[/"'\`?#]|$)`),
  },
  { why: 'site-absolute URL in an attribute', pattern: /\b(?:href|src|action|formaction|data-[\w-]+)\s*=\s*["']\/(?!\/)/ },
  { why: 'redirect to a literal path', pattern: /\bredirect\(\s*(?:\d+\s*,\s*)?["'`]\// },
  { why: 'route registered with a literal path', pattern: /\b(?:app|router)\.(?:get|post|put|patch|delete|all|use)\(\s*\[?\s*["'`]/ },
];

function files(dir: string, ext: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return files(path, ext);
    return name.endsWith(ext) ? [path] : [];
  });
}

function offences(line: string): string[] {
  return RULES.filter((rule) => rule.pattern.test(line)).map((rule) => rule.why);
}

describe('no hard-coded app paths', () => {
  it('finds the literals it is meant to find, and not LTI claim URIs or view names', () => {
    const caught = [
      `res.redirect(303, \`/courses/\${slug}/exam\`);`,
      `router.get('/courses/:slug', handler);`,
      `router.use(['/place'], guard);`,
      `const url = \`\${deps.publicUrl}/verify/\${cert.code}\`;`,
      `res.redirect(303, '/');`,
      `<a href="/help">`,
      `<form method="post" action="/courses/<%= slug %>/track">`,
      `<a href="<%= base %>/admin/deliveries">`,
      `<div data-progress-url="/x">`,
      `fetch('/lti/launch')`,
    ];
    const passed = [
      `const LTI = 'https://purl.imsglobal.org/spec/lti/claim/';`,
      `const MEMBERSHIP = 'http://purl.imsglobal.org/vocab/lis/v2/membership#';`,
      `res.render('certificates/verify', { result });`,
      ` * Launches go through Beacon's real /lti/login and /lti/launch.`,
      `<a href="#main">`,
      `<a href="<%= paths.help %>">`,
      `<a href="<%= u %>" rel="noopener">`,
      `router.get(paths.exam.pattern, handler);`,
      "const parts = [`Path=${options.path ?? '/'}`];",
    ];
    for (const line of caught) assert.notDeepEqual(offences(line), [], line);
    for (const line of passed) assert.deepEqual(offences(line), [], line);
  });

  it('src/, views/ and public/ take every URL from src/http/paths.ts', () => {
    const found: string[] = [];
    for (const { dir, ext } of SCANNED) {
      for (const file of files(join(projectRoot, dir), ext)) {
        const name = relative(projectRoot, file).split('\\').join('/');
        if (EXEMPT.has(name)) continue;
        readFileSync(file, 'utf8')
          .split('\n')
          .forEach((line, i) => {
            const why = offences(line);
            if (why.length) found.push(`${name}:${i + 1}: ${why.join(', ')}: ${line.trim()}`);
          });
      }
    }
    assert.deepEqual(found, [], `Build these URLs with paths (src/http/paths.ts) instead:\n${found.join('\n')}`);
  });
});
