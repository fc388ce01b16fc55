import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { formatTime, messageWithTime, timeElement, translator, validTimeZone } from '../../src/i18n/index.js';

// 2 December 2026, 22:30 UTC: already 3 December in Bucharest (UTC+2), still 2 December in New York.
const AT = Date.UTC(2026, 11, 2, 22, 30);

describe('times shown to learners', () => {
  it('are in the zone given, with the zone named, in each language', () => {
    assert.equal(formatTime(AT, { locale: 'en', timeZone: 'Europe/Bucharest' }), '3 Dec 2026, 00:30 (Europe/Bucharest)');
    assert.equal(formatTime(AT, { locale: 'en', timeZone: 'America/New_York' }), '2 Dec 2026, 17:30 (America/New_York)');
    assert.equal(formatTime(AT, { locale: 'en', timeZone: 'UTC' }), '2 Dec 2026, 22:30 (UTC)');
    assert.match(formatTime(AT, { locale: 'ro', timeZone: 'Europe/Bucharest' }), /^3 dec\.? 2026,? 00:30 \(Europe\/Bucharest\)$/);
    assert.equal(formatTime(AT, { locale: 'en', timeZone: 'Europe/Bucharest', style: 'time' }), '00:30 (Europe/Bucharest)');
  });

  it('follow summer time: Bucharest is UTC+3 in July', () => {
    assert.equal(formatTime(Date.UTC(2026, 6, 1, 12, 0), { locale: 'en', timeZone: 'Europe/Bucharest', style: 'time' }), '15:00 (Europe/Bucharest)');
  });

  it('carry the exact moment in a <time> element, and a message around it stays escaped', () => {
    assert.equal(timeElement(AT, { locale: 'en', timeZone: 'UTC' }), '<time datetime="2026-12-02T22:30:00.000Z" data-style="datetime">2 Dec 2026, 22:30 (UTC)</time>');
    const t = translator('en');
    const html = messageWithTime((p) => t('exam.state.coolingDown', p), { left: '<b>2</b>' }, '<time>T</time>');
    assert.equal(html, 'You can take the exam again from <time>T</time>. Attempts left: &#60;b&#62;2&#60;/b&#62;. Until then, review the objectives you missed.');
  });

  it('take only real zone names', () => {
    assert.equal(validTimeZone('Europe/Bucharest'), 'Europe/Bucharest');
    assert.equal(validTimeZone('UTC'), 'UTC');
    assert.equal(validTimeZone('America/Argentina/Buenos_Aires'), 'America/Argentina/Buenos_Aires');
    for (const bad of ['Mars/Olympus_Mons', '', 'Europe/Bucharest; Path=/', '<script>', '../etc/passwd', 'x'.repeat(80), undefined, 42, '$Person.address.timezone']) {
      assert.equal(validTimeZone(bad), null, String(bad));
    }
  });
});
