import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { createRemoteJWKSet, jwtVerify } from 'jose';
import { PDFParse } from 'pdf-parse';
import request from 'supertest';
import { fixedClock } from '../../src/lib/clock.js';
import { capturedLog } from '../support/captured-log.js';
import { startBeacon, type RunningBeacon } from '../support/beacon.js';
import { answerAll, attemptItems } from '../support/exam.js';
import { completeModule } from '../support/module-walk.js';
import { ADMINISTRATOR, LEARNER, TestPlatform } from '../support/platform.js';
import { signIn } from '../support/session-client.js';

const DAY = 86_400_000;
const ADMIN = { ...ADMINISTRATOR, sub: 'cert-admin' };
const spec = { custom: { course: 'sample' }, resourceLink: { id: 'cert-link' } };

describe('certificates', () => {
  let beacon: RunningBeacon;
  let platform: TestPlatform;
  const clock = fixedClock(Date.UTC(2026, 10, 28, 9, 0, 0));
  const captured = capturedLog();

  before(async () => {
    beacon = await startBeacon({ outside: { clock }, logger: captured.logger });
    platform = await TestPlatform.start();
    platform.now = () => clock.now();
    await platform.registerWith(beacon);
  });
  after(async () => {
    await platform.stop();
    await beacon.stop();
  });

  async function learner(sub: string, name: string) {
    return signIn(beacon, platform, { ...LEARNER, sub, name }, spec);
  }
  async function passExam(client: Awaited<ReturnType<typeof learner>>) {
    const id = ((await client.post('/courses/sample/exam/start')).headers.location as string).split('/').pop() as string;
    await client.post(`/courses/sample/exam/${id}/submit`, answerAll(await attemptItems(beacon, id), () => true));
    return id;
  }
  async function certificateOf(sub: string) {
    return beacon.db('certificates as c').join('users as u', 'u.id', 'c.user_id').where('u.sub', sub).orderBy('c.created_at', 'desc').select('c.*');
  }

  it('is issued once, when the exam is passed and the required modules are done, whichever comes last', async () => {
    const client = await learner('cert-1', 'Ioana Popescu');
    await client.post('/courses/sample/track', { track: 'judge' });
    await passExam(client);
    assert.equal((await certificateOf('cert-1')).length, 0, 'not before the modules are completed');
    assert.equal((await completeModule(client, 'sample', 'intro')).status, 303);
    assert.equal((await completeModule(client, 'sample', 'evidence')).status, 303);
    const [cert] = await certificateOf('cert-1');
    assert.ok(cert, 'issued when the last required module is completed');
    assert.match(cert.code, /^[0-9A-HJKMNP-TV-Z]{20}$/, '20 base32 characters: 100 bits');
    assert.equal(cert.holder_name, 'Ioana Popescu');
    assert.equal(Number(cert.expires_at), Date.UTC(2028, 10, 28, 9, 0, 0), '24 months from course.yaml');
    const details = JSON.parse(cert.details);
    assert.equal(details.courseTitle, 'Sample course');
    assert.equal(details.trackTitle, 'Judge');
    assert.equal(details.learningHours, 0.42);
    assert.equal((await client.post('/courses/sample/modules/evidence/complete')).status, 303, 'completing it again is no error');
    assert.equal((await certificateOf('cert-1')).length, 1, 'never twice');
    assert.ok(await beacon.db('audit_log').where({ action: 'certificate_issued', subject: cert.id }).first());
  });

  it('prints an A4 landscape PDF with holder, course, version, dates, code and the verification URL', async () => {
    const client = await learner('cert-1', 'Ioana Popescu');
    const [cert] = await certificateOf('cert-1');
    const res = await client.get(`/certificates/${cert.id}/pdf`).buffer(true).parse((r, done) => {
      const chunks: Buffer[] = [];
      r.on('data', (c: Buffer) => chunks.push(c));
      r.on('end', () => done(null, Buffer.concat(chunks)));
    });
    assert.equal(res.headers['content-type'], 'application/pdf');
    assert.match((res.body as Buffer).toString('latin1'), /\/MediaBox \[0 0 841\.89 595\.28\]/, 'A4 landscape');
    const parsed = await new PDFParse({ data: new Uint8Array(res.body as Buffer) }).getText();
    const text = parsed.text.replace(/\s+/g, ' ');
    const grouped = (cert.code as string).match(/.{4}/g)!.join('-');
    for (const expected of ['Ioana Popescu', 'Sample course', 'Course version 1', 'law and data as of 2026-11-28', 'Judge track', 'Issued: 2026-11-28', 'Valid until: 2028-11-28', grouped, `${beacon.url}/verify/${cert.code}`, 'Beacon training']) {
      assert.ok(text.includes(expected), `the PDF says "${expected}"`);
    }
    const other = await learner('cert-other', 'Someone Else');
    assert.equal((await other.get(`/certificates/${cert.id}/pdf`)).status, 403, 'only its holder downloads it');
  });

  it('is verified publicly by code: valid, then expiring, then expired, in HTML and JSON, with a neutral answer for unknown codes', async () => {
    const [cert] = await certificateOf('cert-1');
    const page = await request(beacon.url).get(`/verify/${cert.code.toLowerCase().match(/.{4}/g).join('-')}`);
    assert.equal(page.status, 200);
    assert.match(page.text, /data-testid="verify-status">Valid</);
    assert.match(page.text, /data-testid="holder">I\. P\.</, 'initials by default');
    assert.equal(page.headers['x-robots-tag'], 'noindex, nofollow');
    assert.match(page.text, /<meta name="robots" content="noindex, nofollow">/);
    const json = await request(beacon.url).get(`/verify/${cert.code}`).set('accept', 'application/json');
    assert.equal(json.body.status, 'valid');
    assert.equal(json.body.validUntil, '2028-11-28');

    clock.set(Date.UTC(2028, 9, 15));
    assert.equal((await request(beacon.url).get(`/verify/${cert.code}`).set('accept', 'application/json')).body.status, 'expiring');
    clock.set(Date.UTC(2028, 10, 29));
    const expired = await request(beacon.url).get(`/verify/${cert.code}`);
    assert.match(expired.text, /data-testid="verify-status">Expired</);
    clock.set(Date.UTC(2026, 10, 29, 9));

    for (const code of ['0000-0000-0000-0000-0000', 'not a code']) {
      const unknown = await request(beacon.url).get(`/verify/${encodeURIComponent(code)}`);
      assert.equal(unknown.status, 404);
      assert.match(unknown.text, /No certificate matches this code/);
    }
    const log = captured.text();
    assert.match(log, /certificate_check/);
    assert.ok(!log.includes('Ioana') && !log.includes(cert.code), 'lookups are logged without personal data or codes');
  });

  it('shows the holder as the institution chooses', async () => {
    const [cert] = await certificateOf('cert-1');
    const admin = await signIn(beacon, platform, ADMIN, spec);
    await admin.post('/admin/certificate-settings', { issuer_name: 'National Police Academy', authorising_officer: 'Dr. M. Ionescu, Director', holder_display: 'full', names_on_certificates: '1', show_score: '0' });
    assert.match((await request(beacon.url).get(`/verify/${cert.code}`)).text, /data-testid="holder">Ioana Popescu</);
    await admin.post('/admin/certificate-settings', { issuer_name: 'National Police Academy', authorising_officer: '', holder_display: 'none', names_on_certificates: '1', show_score: '0' });
    assert.match((await request(beacon.url).get(`/verify/${cert.code}`)).text, /data-testid="holder">Not shown/);
    const learnerClient = await learner('cert-1', 'Ioana Popescu');
    assert.equal((await learnerClient.post('/admin/certificate-settings', { issuer_name: 'x', holder_display: 'full', names_on_certificates: '1', show_score: '1' })).status, 403);
  });

  it('is also an Open Badges 3.0 credential, signed with the key in the JWKS, whose status shows revocation', async () => {
    const [cert] = await certificateOf('cert-1');
    const client = await learner('cert-1', 'Ioana Popescu');
    const res = await client.get(`/certificates/${cert.id}/credential`);
    assert.equal(res.headers['content-type'], 'application/vc+jwt; charset=utf-8');
    const { payload, protectedHeader } = await jwtVerify(res.text, createRemoteJWKSet(new URL(`${beacon.url}/.well-known/jwks.json`)), { currentDate: new Date(clock.now()) });
    assert.equal(protectedHeader.typ, 'vc+jwt');
    const vc = payload.vc as Record<string, any>;
    assert.deepEqual(vc.type, ['VerifiableCredential', 'OpenBadgeCredential']);
    assert.equal(vc.credentialSubject.achievement.achievementType, 'Certification');
    assert.equal(vc.validUntil, new Date(Number(cert.expires_at)).toISOString());
    assert.equal(vc.credentialSubject.identifier[0].hashed, true);
    assert.ok(!JSON.stringify(vc).includes('Ioana'), 'the recipient is hashed, not named');
    const status = () => request(beacon.url).get(new URL(vc.credentialStatus.id).pathname).set('accept', 'application/json');
    assert.equal((await status()).body.status, 'valid');

    const admin = await signIn(beacon, platform, ADMIN, spec);
    assert.equal((await client.post('/certificates/revoke', { ids: cert.id, reason: 'x', course: 'sample' })).status, 403, 'a learner cannot revoke');
    assert.equal((await admin.post('/certificates/revoke', { ids: cert.id, reason: '', course: 'sample' })).status, 400, 'a reason is required');
    assert.equal((await admin.post('/certificates/revoke', { ids: [cert.id], reason: 'Issued in error: identity not confirmed', course: 'sample', confirm: '1' })).status, 303);
    const revoked = await status();
    assert.equal(revoked.body.status, 'revoked');
    assert.equal(revoked.body.revocationReason, 'Issued in error: identity not confirmed');
    const page = await request(beacon.url).get(`/verify/${cert.code}`);
    assert.match(page.text, /data-testid="revocation">Revoked on \d{4}-\d{2}-\d{2}\. Reason: Issued in error/);
    const entry = await beacon.db('audit_log').where({ action: 'certificate_revoked', subject: cert.id }).first();
    assert.equal(JSON.parse(entry.details).reason, 'Issued in error: identity not confirmed');
  });

  it('is renewed when expiring: a new certificate linked to the old one, the history kept', async () => {
    clock.set(Date.UTC(2026, 10, 28, 10));
    let client = await learner('cert-2', 'Mihai Radu');
    await client.post('/courses/sample/track', { track: 'judge' });
    assert.equal((await completeModule(client, 'sample', 'intro')).status, 303);
    assert.equal((await completeModule(client, 'sample', 'evidence')).status, 303);
    await passExam(client);
    const [first] = await certificateOf('cert-2');
    assert.ok(first);
    assert.equal((await client.post('/courses/sample/certificates/renew')).status, 400, 'not while it is valid for long');

    clock.set(Number(first.expires_at) - 30 * DAY);
    client = await learner('cert-2', 'Mihai Radu');
    assert.match((await client.get('/courses/sample/certificates')).text, /Valid, expiring soon/);
    assert.equal((await client.post('/courses/sample/certificates/renew')).status, 303);
    await passExam(client);
    const [renewed, old] = await certificateOf('cert-2');
    assert.equal(renewed.renews_id, old.id);
    assert.equal(old.superseded_by, renewed.id);
    const oldStatus = await request(beacon.url).get(`/verify/${old.code}`).set('accept', 'application/json');
    assert.equal(oldStatus.body.status, 'superseded');
    assert.equal(oldStatus.body.replacedBy, (renewed.code as string).match(/.{4}/g)!.join('-'));
    assert.equal((await request(beacon.url).get(`/verify/${renewed.code}`).set('accept', 'application/json')).body.status, 'valid');
    assert.ok(await beacon.db('audit_log').where({ action: 'certificate_renewed', subject: renewed.id }).first());
  });

  it('is reissued by an administrator after a name change, with the same dates', async () => {
    const [current] = await certificateOf('cert-2');
    clock.advance(DAY);
    await learner('cert-2', 'Mihai Radu-Stan');
    const admin = await signIn(beacon, platform, ADMIN, spec);
    const list = await admin.get('/courses/sample/certificates');
    assert.match(list.text, /Mihai Radu-Stan/);
    assert.equal((await admin.post(`/certificates/${current.id}/reissue`, { course: 'sample' })).status, 303);
    const [reissued] = await certificateOf('cert-2');
    assert.notEqual(reissued.id, current.id);
    assert.equal(reissued.holder_name, 'Mihai Radu-Stan');
    assert.equal(Number(reissued.expires_at), Number(current.expires_at));
    assert.equal((await beacon.db('certificates').where({ id: current.id }).first()).superseded_by, reissued.id);
    assert.ok(await beacon.db('audit_log').where({ action: 'certificate_reissued', subject: reissued.id }).first());
    // A second reissue still names the attempt the certificate rests on.
    assert.equal((await admin.post(`/certificates/${reissued.id}/reissue`, { course: 'sample' })).status, 303);
    const again = await beacon.db('certificates').where({ renews_id: reissued.id }).first();
    assert.equal(JSON.parse(again.details).attemptId, current.attempt_id);
  });

  it('is out of reach of an administrator of another platform', async () => {
    const [cert] = await certificateOf('cert-2');
    const elsewhere = await TestPlatform.start({ clientId: 'other-lms' });
    try {
      elsewhere.now = () => clock.now();
      await elsewhere.registerWith(beacon);
      const outsider = await signIn(beacon, elsewhere, { ...ADMIN, sub: 'other-admin' }, spec);
      assert.equal((await outsider.get(`/certificates/${cert.id}/pdf`)).status, 403);
      await outsider.post('/certificates/revoke', { ids: cert.id, reason: 'Not mine to revoke', course: 'sample', confirm: '1' });
      assert.equal((await beacon.db('certificates').where({ id: cert.id }).first()).revoked_at, null);
      assert.equal((await outsider.post(`/certificates/${cert.id}/reissue`, { course: 'sample' })).status, 403);
    } finally {
      await elsewhere.stop();
    }
  });

  it('opens one renewal round per certificate, however often the learner asks', async () => {
    const [cert] = await certificateOf('cert-2');
    clock.set(Number(cert.expires_at) - 10 * DAY);
    const client = await learner('cert-2', 'Mihai Radu-Stan');
    await client.post('/courses/sample/certificates/renew');
    await client.post('/courses/sample/certificates/renew');
    const run = await beacon.db('learner_courses as lc').join('users as u', 'u.id', 'lc.user_id').where('u.sub', 'cert-2').first('lc.id');
    const rounds = await beacon.db('attempt_grants').where({ learner_course_id: run.id, kind: 'new_cycle' }).where('created_at', '>=', Number(cert.created_at));
    assert.equal(rounds.length, 1);
  });

  it('limits how fast one address can check codes', async () => {
    let last = 0;
    for (let i = 0; i < 35; i++) last = (await request(beacon.url).get('/verify/0000-0000-0000-0000-0000')).status;
    assert.equal(last, 429);
  });
});
