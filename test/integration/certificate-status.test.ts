import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { decodeJwt } from 'jose';
import { PDFParse } from 'pdf-parse';
import request from 'supertest';
import { fixedClock } from '../../src/lib/clock.js';
import { startBeacon, type RunningBeacon } from '../support/beacon.js';
import { answerAll, attemptItems } from '../support/exam.js';
import { ADMINISTRATOR, INSTRUCTOR, LEARNER, TestPlatform } from '../support/platform.js';
import { signIn } from '../support/session-client.js';
import { completeModule } from '../support/module-walk.js';

const DAY = 86_400_000;
const ADMIN = { ...ADMINISTRATOR, sub: 'status-admin' };
const TRAINER = { ...INSTRUCTOR, sub: 'status-trainer' };
const spec = { custom: { course: 'sample' }, resourceLink: { id: 'status-link' } };
const SETTINGS = { authorising_officer: '', holder_display: 'full', names_on_certificates: '1', show_score: '0' };

type Client = Awaited<ReturnType<typeof signIn>>;

async function pdfText(client: Client, id: string): Promise<string> {
  const res = await client.get(`/certificates/${id}/pdf`).buffer(true).parse((r, done) => {
    const chunks: Buffer[] = [];
    r.on('data', (c: Buffer) => chunks.push(c));
    r.on('end', () => done(null, Buffer.concat(chunks)));
  });
  assert.equal(res.status, 200);
  assert.equal(res.headers['content-type'], 'application/pdf');
  return (await new PDFParse({ data: new Uint8Array(res.body as Buffer) }).getText()).text.replace(/\s+/g, ' ');
}

describe('certificate status, revocation and settings', () => {
  let beacon: RunningBeacon;
  let platform: TestPlatform;
  const clock = fixedClock(Date.UTC(2026, 10, 28, 9, 0, 0));

  before(async () => {
    beacon = await startBeacon({ outside: { clock } });
    platform = await TestPlatform.start();
    platform.now = () => clock.now();
    await platform.registerWith(beacon);
  });
  after(async () => {
    await platform.stop();
    await beacon.stop();
  });

  const learner = (sub: string, name: string, locale = 'en') => signIn(beacon, platform, { ...LEARNER, sub, name }, { ...spec, locale });
  const admin = () => signIn(beacon, platform, ADMIN, spec);

  /** A learner of the judge track who completes the modules and passes: the certificate row. */
  async function certified(sub: string, name: string, locale = 'en') {
    const client = await learner(sub, name, locale);
    await client.post('/courses/sample/track', { track: 'judge' });
    assert.equal((await completeModule(client, 'sample', 'intro')).status, 303);
    assert.equal((await completeModule(client, 'sample', 'evidence')).status, 303);
    const attempt = ((await client.post('/courses/sample/exam/start')).headers.location as string).split('/').pop() as string;
    await client.post(`/courses/sample/exam/${attempt}/submit`, answerAll(await attemptItems(beacon, attempt), () => true));
    const cert = await beacon.db('certificates as c').join('users as u', 'u.id', 'c.user_id').where('u.sub', sub).orderBy('c.created_at', 'desc').first('c.*');
    assert.ok(cert, `${name} holds a certificate`);
    return { client, cert };
  }

  it('prints a revoked or expired certificate with its status across the page, in the reader\'s language', async () => {
    const { client, cert } = await certified('status-pdf', 'Elena Stan');
    // Sessions end long before a certificate expires: each download below signs in afresh.
    const valid = await pdfText(client, cert.id);
    for (const word of ['REVOKED', 'EXPIRED', 'REPLACED', 'not valid']) assert.ok(!valid.includes(word), `a valid certificate does not say "${word}"`);

    clock.set(Number(cert.expires_at) + DAY);
    const expired = await pdfText(await learner('status-pdf', 'Elena Stan'), cert.id);
    assert.ok(expired.includes('EXPIRED'), 'EXPIRED across the page');
    assert.ok(expired.includes('This certificate expired on 2028-11-28 and is no longer valid.'), expired);
    const expiredRo = await pdfText(await learner('status-pdf', 'Elena Stan', 'ro'), cert.id);
    assert.ok(expiredRo.includes('EXPIRAT') && expiredRo.includes('a expirat la 2028-11-28'), 'in Romanian for a Romanian reader');
    clock.set(Date.UTC(2026, 10, 29, 9));

    const staff = await admin();
    await staff.post('/certificates/revoke', { ids: cert.id, reason: 'Identity not confirmed', course: 'sample', confirm: '1' });
    const revoked = await pdfText(await learner('status-pdf', 'Elena Stan'), cert.id);
    assert.ok(revoked.includes('REVOKED'), 'REVOKED across the page');
    assert.ok(revoked.includes('This certificate was revoked on 2026-11-29 and is not valid. Reason: Identity not confirmed'), revoked);
    assert.ok(!revoked.includes('EXPIRED'));
    const revokedRo = await pdfText(await learner('status-pdf', 'Elena Stan', 'ro'), cert.id);
    assert.ok(revokedRo.includes('REVOCAT') && revokedRo.includes('a fost revocat la 2026-11-29') && revokedRo.includes('Motiv: Identity not confirmed'), revokedRo);
  });

  it('revokes only after the administrator confirms, and says what was revoked', async () => {
    const { cert } = await certified('status-revoke', 'Radu Marin');
    const { cert: second } = await certified('status-revoke-2', 'Vlad Sima');
    clock.advance(60_000);
    const staff = await admin();
    const unrevoked = async () => (await beacon.db('certificates').whereIn('id', [cert.id, second.id]).whereNull('revoked_at')).length === 2;
    const grouped = (c: { code: string }) => c.code.match(/.{4}/g)!.join('-');
    const form = { ids: [cert.id, second.id], reason: 'Exam taken by someone else', course: 'sample' };

    const confirmation = await staff.post('/certificates/revoke', form);
    assert.equal(confirmation.status, 200);
    assert.match(confirmation.text, new RegExp(`Revoke certificate ${grouped(cert)} of Radu Marin\\?`));
    assert.match(confirmation.text, new RegExp(`Revoke certificate ${grouped(second)} of Vlad Sima\\?`));
    assert.match(confirmation.text, /data-testid="revoke-reason">Reason: Exam taken by someone else</);
    assert.match(confirmation.text, /<input type="hidden" name="_csrf" value="[^"]+">/, 'the confirming form carries the CSRF token');
    assert.match(confirmation.text, /<input type="hidden" name="confirm" value="1">/);
    assert.match(confirmation.text, /<a href="\/courses\/sample\/certificates">Cancel: keep the certificates<\/a>/);
    assert.ok(await unrevoked(), 'asking changes nothing');
    assert.equal(await beacon.db('audit_log').where({ action: 'certificate_revoked', subject: cert.id }).first(), undefined);

    const forged = await staff.post('/certificates/revoke', { ...form, confirm: '1' }, { csrf: false });
    assert.equal(forged.status, 403, 'the confirmation needs the CSRF token too');
    assert.ok(await unrevoked());
    assert.equal((await staff.post('/certificates/revoke', { ...form, reason: ' ' })).status, 400, 'no reason, no confirmation');
    assert.equal((await staff.post('/certificates/revoke', { reason: 'Nothing selected', course: 'sample' })).status, 400, 'nothing selected');
    assert.ok(await unrevoked());

    const done = await staff.post('/certificates/revoke', { ...form, confirm: '1' });
    assert.equal(done.status, 303);
    assert.equal((await beacon.db('certificates').whereIn('id', [cert.id, second.id]).whereNotNull('revoked_at')).length, 2, 'the confirmed revocation is made');
    const page = await staff.get(done.headers.location as string);
    assert.match(page.text, new RegExp(`role="status" data-testid="revoked-${cert.id}">Certificate ${grouped(cert)} of Radu Marin was revoked on 2026-11-29\\.<`));
    assert.match(page.text, new RegExp(`role="status" data-testid="revoked-${second.id}">Certificate ${grouped(second)} of Vlad Sima was revoked on 2026-11-29\\.<`));
    assert.equal((page.text.match(/data-testid="revoked-/g) ?? []).length, 2, 'only what this revocation did');
    assert.doesNotMatch((await staff.get('/courses/sample/certificates')).text, /data-testid="revoked-/, 'said once, on the page the revocation returns to');
    const again = await staff.post('/certificates/revoke', { ...form, reason: 'Twice' });
    assert.equal(again.status, 400, 'an already revoked certificate is not offered again');
  });

  it('keeps the issuer name a certificate was issued with; a new name goes on new certificates only', async () => {
    const staff = await admin();
    await staff.post('/admin/certificate-settings', { issuer_name: 'Police Academy of Cluj', ...SETTINGS });
    const { client, cert } = await certified('status-issuer-1', 'Dana Pop');
    await staff.post('/admin/certificate-settings', { issuer_name: 'National Institute of Magistracy', ...SETTINGS });

    const settingsPage = await staff.get('/admin/certificate-settings');
    assert.match(settingsPage.text, /<button type="submit">Save certificate settings<\/button>/);
    assert.ok(!settingsPage.text.includes('Save the contacts'));
    assert.match(settingsPage.text, /data-testid="issuer-kept">Certificates already issued keep the name they were issued with/);

    assert.match((await client.get('/courses/sample/certificates')).text, /data-testid="issuer">Issued by Police Academy of Cluj</, 'the certificate page');
    assert.ok((await pdfText(client, cert.id)).includes('Issued by: Police Academy of Cluj'), 'the PDF');
    assert.equal((await request(beacon.url).get(`/verify/${cert.code}`).set('accept', 'application/json')).body.issuer, 'Police Academy of Cluj', 'the verification page');
    const vc = decodeJwt((await client.get(`/certificates/${cert.id}/credential`)).text).vc as { issuer: { name: string } };
    assert.equal(vc.issuer.name, 'Police Academy of Cluj', 'the credential');

    const { client: later, cert: newer } = await certified('status-issuer-2', 'Ion Vlad');
    assert.match((await later.get('/courses/sample/certificates')).text, /Issued by National Institute of Magistracy</);
    assert.ok((await pdfText(later, newer.id)).includes('Issued by: National Institute of Magistracy'));
  });

  it('serves the Open Badges Achievement a credential names, without personal data', async () => {
    const { client, cert } = await certified('status-badge', 'Sorina Ilie');
    const vc = decodeJwt((await client.get(`/certificates/${cert.id}/credential`)).text).vc as { credentialSubject: { achievement: Record<string, unknown> } };
    const inCredential = vc.credentialSubject.achievement;
    const url = new URL(inCredential.id as string);
    assert.equal(url.origin, new URL(beacon.url).origin);

    const res = await request(beacon.url).get(url.pathname);
    assert.equal(res.status, 200);
    assert.match(res.headers['content-type'] as string, /^application\/ld\+json/);
    const achievement = JSON.parse(res.text) as Record<string, unknown>;
    assert.deepEqual(achievement['@context'], ['https://www.w3.org/ns/credentials/v2', 'https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.3.json']);
    assert.equal(achievement.id, inCredential.id);
    assert.deepEqual(achievement.type, ['Achievement']);
    assert.equal(achievement.name, 'Sample course');
    assert.equal(typeof achievement.description, 'string');
    assert.match((achievement.criteria as { narrative: string }).narrative, /Judge track/);
    const { '@context': _context, ...rest } = achievement;
    assert.deepEqual(rest, inCredential, 'the same Achievement as in the credential');
    assert.ok(!res.text.includes('Sorina') && !res.text.includes(cert.code) && !res.text.includes(cert.user_id), 'no one in it');

    for (const unknown of ['/achievements/sample/v99/judge', '/achievements/sample/v1/nobody', '/achievements/nothing-here/v1', '/achievements/sample/1/judge']) {
      const missing = await request(beacon.url).get(unknown);
      assert.equal(missing.status, 404, unknown);
    }
  });

  it('shows administrators and trainers the certificates of the course, not the learner\'s "no certificate yet"', async () => {
    const { cert } = await certified('status-list', 'Petra Nistor');
    for (const staff of [await admin(), await signIn(beacon, platform, TRAINER, spec)]) {
      const page = await staff.get('/courses/sample/certificates');
      assert.equal(page.status, 200);
      assert.ok(!page.text.includes('You have no certificate for this course yet'), 'no learner text for staff');
      assert.match(page.text, /The certificates of the learners in this course are listed below\./);
      assert.match(page.text, new RegExp(`data-testid="row-${cert.id}"`));
    }
    const newcomer = await learner('status-newcomer', 'Nou Venit');
    assert.match((await newcomer.get('/courses/sample/certificates')).text, /You have no certificate for this course yet/, 'a learner still sees it');
  });
});
