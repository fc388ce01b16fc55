import assert from 'node:assert/strict';
import type { AddressInfo } from 'node:net';
import { after, before, describe, it } from 'node:test';
import express from 'express';
import request from 'supertest';
import { paths, withQuery } from '../../src/http/paths.js';
import { route, type Route } from '../../src/http/route.js';

type Entry = [name: string, value: string | Route<string>];
const entries = Object.entries(paths) as Entry[];
const builders = entries.filter((e): e is [string, Route<string>] => typeof e[1] === 'function');
const fixed = entries.filter((e): e is [string, string] => typeof e[1] === 'string');

/**
 * One app with every pattern registered through Express's own router: a request answers with
 * each route that matched it and the parameters Express decoded, so the test checks the
 * patterns as Express reads them, not as a copy of its syntax would.
 */
function matcher(): express.Express {
  const app = express();
  const record = (name: string) => (req: express.Request, res: express.Response, next: express.NextFunction) => {
    (res.locals.matched ??= {})[name] = { params: { ...req.params }, query: req.query };
    next();
  };
  for (const [name, r] of builders) app.all(r.pattern, record(name));
  for (const [name, p] of fixed) app.all(p, record(name));
  app.use((_req, res) => void res.json(res.locals.matched ?? {}));
  return app;
}

// Values a careless builder would let out of their segment, or that Express would misread.
const AWKWARD = ['sample', 'with space', 'a/b', '../up', '50%', '%2F', 'ü ñ', '?x=1', '#top', `'"<>`, '&=+;,', 'a.b'];

describe('paths', () => {
  let server: ReturnType<express.Express['listen']>;
  let base: string;
  before(async () => {
    server = matcher().listen(0, '127.0.0.1');
    await new Promise((resolve) => server.once('listening', resolve));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  after(() => new Promise<void>((resolve) => server.close(() => resolve())));

  const matched = async (url: string): Promise<Record<string, { params: Record<string, string>; query: Record<string, string> }>> => {
    const res = await request(base).get(url);
    assert.equal(res.status, 200, url);
    return res.body;
  };

  it('builds the URLs the routes and views expect', () => {
    assert.equal(paths.module({ slug: 'sample', module: 'intro' }), '/courses/sample/modules/intro');
    assert.equal(paths.course({ slug: 'sample' }), '/courses/sample');
    assert.equal(paths.examResult({ slug: 'sample', attempt: 'a1' }), '/courses/sample/exam/a1/result');
    assert.equal(paths.learnerGrants({ slug: 'sample', learner: 'u1' }), '/courses/sample/learners/u1/grants');
    assert.equal(paths.verifyCode({ code: 'ABCD' }), '/verify/ABCD');
    assert.equal(paths.asset({ file: 'beacon.css' }), '/static/beacon.css');
    assert.equal(paths.examAttempt.pattern, '/courses/:slug/exam/:attempt');
    assert.deepEqual(paths.learnerTrack.params, ['slug', 'learner']);
  });

  it('keeps the names and values other code already uses', () => {
    assert.deepEqual(
      { home: paths.home, healthz: paths.healthz, jwks: paths.jwks, ltiLogin: paths.ltiLogin, ltiLaunch: paths.ltiLaunch, ltiRelaunch: paths.ltiRelaunch, locale: paths.locale, static: paths.static, verify: paths.verify },
      { home: '/', healthz: '/healthz', jwks: '/.well-known/jwks.json', ltiLogin: '/lti/login', ltiLaunch: '/lti/launch', ltiRelaunch: '/lti/relaunch', locale: '/locale', static: '/static', verify: '/verify' },
    );
    assert.deepEqual(
      { demo: paths.demo, demoLaunch: paths.demoLaunch, demoPlatformJwks: paths.demoPlatformJwks, demoPlatformAuth: paths.demoPlatformAuth },
      { demo: '/demo', demoLaunch: '/demo/launch', demoPlatformJwks: '/demo/platform/jwks', demoPlatformAuth: '/demo/platform/auth' },
    );
  });

  it('declares each URL once', () => {
    const spelled = entries.map(([, v]) => (typeof v === 'string' ? v : v.pattern));
    assert.deepEqual(spelled.filter((p, i) => spelled.indexOf(p) !== i), []);
    for (const p of spelled) assert.match(p, /^\/(?!\/)/, p);
  });

  it('encodes each parameter as exactly one segment', () => {
    assert.equal(paths.course({ slug: 'a b' }), '/courses/a%20b');
    assert.equal(paths.course({ slug: 'a/b' }), '/courses/a%2Fb');
    assert.equal(paths.module({ slug: '../admin', module: 'x?y#z' }), '/courses/..%2Fadmin/modules/x%3Fy%23z');
    for (const r of builders.map(([, b]) => b)) {
      const url = r(Object.fromEntries(r.params.map((p) => [p, 'a/b c'])));
      assert.equal(url.split('/').length, r.pattern.split('/').length, url);
    }
  });

  it('refuses values that cannot stay in their segment', () => {
    for (const bad of ['', '.', '..']) assert.throws(() => paths.course({ slug: bad }), /cannot be the "slug" segment/);
    assert.throws(() => paths.course({ slug: undefined as unknown as string }), TypeError);
    assert.throws(() => paths.course({} as { slug: string }), TypeError);
  });

  it('fails loudly when a builder is printed instead of called', () => {
    assert.throws(() => String(paths.exam), /call it with its parameters/);
    assert.throws(() => `${paths.exam}`, /call it with its parameters/);
  });

  it('refuses pattern syntax the builder cannot make URLs for', () => {
    assert.throws(() => route('/files/*path:x' as '/files/:x'), /only whole ":name" segments/);
    assert.throws(() => route('/courses/:slug{/:module}' as '/courses/:slug'), /only whole ":name" segments/);
    assert.throws(() => route('courses/:slug'), /starts with "\/"/);
  });

  it('makes URLs that their own pattern matches, with the parameters read back as given', async () => {
    for (const [name, r] of builders) {
      for (const value of AWKWARD) {
        // A different value for each parameter, so swapped segments would show.
        const params = Object.fromEntries(r.params.map((p) => [p, `${value}-${p}`]));
        const url = r(params);
        const found = await matched(url);
        assert.deepEqual(found[name]?.params, params, `${name}: ${url}`);
      }
    }
  });

  it('serves each fixed path at exactly its string', async () => {
    for (const [name, p] of fixed) assert.ok((await matched(p))[name], name);
  });

  it('adds query strings that read back as given, and leaves out undefined values', async () => {
    assert.equal(paths.examAttempt({ slug: 'sample', attempt: 'a1' }, { saved: 1 }), '/courses/sample/exam/a1?saved=1');
    assert.equal(withQuery(paths.help, { saved: 1 }), '/help?saved=1');
    assert.equal(withQuery(paths.deliveries, { retried: 1, other: undefined }), '/admin/deliveries?retried=1');
    assert.equal(withQuery(paths.help, {}), '/help');
    assert.equal(withQuery(paths.help), '/help');
    assert.equal(withQuery(paths.ltiRelaunch, { state: '' }), '/lti/relaunch?state=');

    const state = 'a b&c=d/é?#+';
    const url = withQuery(paths.ltiRelaunch, { state, n: 2 });
    assert.deepEqual((await matched(url)).ltiRelaunch?.query, { state, n: '2' });
    const attempt = paths.examAttempt({ slug: 'sample', attempt: 'a/1' }, { saved: 1 });
    assert.deepEqual((await matched(attempt)).examAttempt, { params: { slug: 'sample', attempt: 'a/1' }, query: { saved: '1' } });
  });
});
