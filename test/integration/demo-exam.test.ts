import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import request from 'supertest';
import { fixedClock } from '../../src/lib/clock.js';
import { startBeacon, type RunningBeacon } from '../support/beacon.js';
import { sessionCookieFrom } from '../support/browser-cookies.js';
import { answerAll, attemptItems } from '../support/exam.js';
import { completeModule } from '../support/module-walk.js';
import { stateCookieFrom } from '../support/launch-driver.js';

function hidden(html: string): Record<string, string> {
  return Object.fromEntries([...html.matchAll(/<input type="hidden" name="([^"]+)" value="([^"]*)">/g)].map((m) => [m[1], m[2]]));
}

/** The demo, followed as a browser without JavaScript would: demo page, login, platform, launch. */
async function demoLearner(beacon: RunningBeacon) {
  const page = await request(beacon.url).get('/demo');
  const form = [...page.text.matchAll(/<form method="get" action="([^"]+)">([\s\S]*?)<\/form>/g)].map((m) => ({ action: m[1] as string, fields: hidden(m[2] as string) })).find((f) => f.fields.login_hint === 'learner' && f.fields.lti_message_hint);
  assert.ok(form);
  const login = await request(form.action).get('').query(form.fields);
  const auth = await request(login.headers.location as string).get('');
  const launch = await request(beacon.url).post('/lti/launch').set('cookie', stateCookieFrom(login.headers['set-cookie'])).type('form').send(hidden(auth.text));
  assert.equal(launch.status, 303, launch.text.slice(0, 300));
  const cookie = sessionCookieFrom(launch.headers['set-cookie']);
  const csrf = /data-csrf="([^"]+)"/.exec((await request(beacon.url).get('/help').set('cookie', cookie)).text)?.[1] ?? '';
  return {
    get: (path: string) => request(beacon.url).get(path).set('cookie', cookie),
    post: (path: string, body: Record<string, unknown> = {}) => request(beacon.url).post(path).set('cookie', cookie).type('form').send({ _csrf: csrf, ...body }),
  };
}

describe('the demo, end to end: exam, cool-down, pass, and the demo gradebook', () => {
  let beacon: RunningBeacon;
  const clock = fixedClock(Date.now());
  before(async () => {
    beacon = await startBeacon({ outside: { clock } });
  });
  after(async () => beacon.stop());

  it('fails, waits out the cool-down, passes, and the demo gradebook shows the final score once', async () => {
    let learner = await demoLearner(beacon);
    await learner.post('/courses/sample/track', { track: 'judge' });
    assert.equal((await completeModule(learner, 'sample', 'intro')).status, 303);
    assert.equal((await completeModule(learner, 'sample', 'evidence')).status, 303);
    const first = ((await learner.post('/courses/sample/exam/start')).headers.location as string).split('/').pop() as string;
    await learner.post(`/courses/sample/exam/${first}/submit`, answerAll(await attemptItems(beacon, first), () => false));
    await beacon.deps.outbox.runOnce();
    let gradebook = await request(beacon.url).get('/demo/gradebook');
    assert.deepEqual([...gradebook.text.matchAll(/data-testid="grade">([^<]+)</g)].map((m) => m[1]), ['0 / 100']);

    clock.advance(24 * 3_600_000 + 60_000);
    learner = await demoLearner(beacon);
    const second = ((await learner.post('/courses/sample/exam/start')).headers.location as string).split('/').pop() as string;
    await learner.post(`/courses/sample/exam/${second}/submit`, answerAll(await attemptItems(beacon, second), () => true));
    await beacon.deps.outbox.runOnce();
    gradebook = await request(beacon.url).get('/demo/gradebook');
    const grades = [...gradebook.text.matchAll(/data-testid="grade">([^<]+)</g)].map((m) => m[1]);
    assert.deepEqual(grades, ['100 / 100', '0 / 100'], 'newest first: the final score arrived exactly once');
    const sent = await beacon.db('outbox').where({ status: 'sent' });
    assert.equal(sent.length, 2);

    // The certificate: listed for the learner, downloadable, and valid at its public URL.
    const certificates = await learner.get('/courses/sample/certificates');
    const id = /href="\/certificates\/([0-9a-f-]{36})\/pdf"/.exec(certificates.text)?.[1];
    assert.ok(id, 'the learner sees a certificate');
    const pdf = await learner.get(`/certificates/${id}/pdf`);
    assert.equal(pdf.status, 200);
    const verifyUrl = /href="(http[^"]+\/verify\/[0-9A-Z]+)"/.exec(certificates.text)?.[1] as string;
    assert.match((await request(verifyUrl).get('')).text, /data-testid="verify-status">Valid</);
  });
});
