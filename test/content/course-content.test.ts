import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { describe, it } from 'node:test';
import { readCoursePackage, type CoursePackage } from '../../src/courses/index.js';
import { formatProblem } from '../../src/courses/yaml-file.js';

const DIR = 'courses/victim-identification';

// The "Avoid" column of the brief's language table (CURRICULUM.md 4.2), and "illegal" about people.
const BANNED = [
  /child\s+porn/i,
  /kiddie\s+porn/i,
  /child\s+prostitut/i,
  /child\s+sex\s+worker/i,
  /child\s+sex\s+touris/i,
  /cybersex/i,
  /webcam\s+sex/i,
  /revenge\s+porn/i,
  /sexting\s+gone\s+wrong/i,
  /trafficked\s+girl/i,
  /illegal\s+(im)?migrant/i,
  /\billegals\b/i,
  /the\s+prostitute/i,
];

// CURRICULUM.md 1.3: C = core, R = recommended, O = optional.
const MATRIX: Record<string, Record<string, string>> = {
  m1: { first_responder: 'core', investigator: 'core', prosecutor: 'core', judge: 'core' },
  m2: { first_responder: 'core', investigator: 'core', prosecutor: 'recommended', judge: 'recommended' },
  m3: { first_responder: 'core', investigator: 'core', prosecutor: 'core', judge: 'core' },
  m4: { first_responder: 'recommended', investigator: 'core', prosecutor: 'core', judge: 'core' },
  m5: { first_responder: 'core', investigator: 'core', prosecutor: 'core', judge: 'recommended' },
  m6: { first_responder: 'core', investigator: 'core', prosecutor: 'core', judge: 'core' },
  m7: { first_responder: 'core', investigator: 'core', prosecutor: 'core', judge: 'recommended' },
  m8: { first_responder: 'optional', investigator: 'recommended', prosecutor: 'core', judge: 'core' },
};

// CURRICULUM.md 5.1: items where a wrong answer would cause serious harm in practice.
const CRITICAL = ['m1-i03', 'm1-i07', 'm2-i08', 'm3-i07', 'm6-i03', 'm7-i02', 'm7-i03', 'm8-i05'];

function load(): CoursePackage {
  const result = readCoursePackage(DIR);
  if (!result.ok) assert.fail(result.problems.map(formatProblem).join('\n'));
  return result.pkg;
}

function learnerFacingText(pkg: CoursePackage): Array<[string, string]> {
  const texts: Array<[string, string]> = [];
  for (const m of pkg.modules) texts.push([`modules/${m.key}.md`, readFileSync(`${DIR}/modules/${m.key}.md`, 'utf8')]);
  for (const item of pkg.items) texts.push([`item ${item.id}`, JSON.stringify(item)]);
  for (const g of pkg.glossary) texts.push([`glossary ${g.term}`, `${g.term} ${g.definition}`]);
  texts.push(['course.yaml', readFileSync(`${DIR}/course.yaml`, 'utf8')]);
  // sources.yaml is left out on purpose: the brief allows an avoided term when it is the
  // title of the statute or document being cited (CURRICULUM.md 4.2).
  return texts;
}

describe('the training course content', () => {
  const pkg = load();

  it('has the eight modules in the recommended order with the role matrix of the brief', () => {
    assert.deepEqual(pkg.manifest.modules, ['m1', 'm2', 'm5', 'm6', 'm3', 'm4', 'm7', 'm8']);
    for (const m of pkg.modules) assert.deepEqual(m.front.tracks, MATRIX[m.key], `tracks of ${m.key}`);
  });

  it('opens every module with a content note and gives it two scenarios, a role-emphasis and a national-law section', () => {
    for (const m of pkg.modules) {
      assert.ok(m.front.content_note.length > 80, `${m.key} has a content note`);
      const body = readFileSync(`${DIR}/modules/${m.key}.md`, 'utf8');
      assert.equal((body.match(/^:::scenario /gm) ?? []).length, 2, `${m.key} has two scenarios`);
      assert.ok(m.rendered.headings.some((h) => /role emphasis/i.test(h.text)), `${m.key} has a role-emphasis section`);
      assert.ok(m.rendered.headings.some((h) => /national law/i.test(h.text)), `${m.key} has a national-law section`);
    }
  });

  it('keeps every module body between 1,200 and 2,500 words', () => {
    for (const m of pkg.modules) {
      assert.ok(m.rendered.words >= 1200 && m.rendered.words <= 2500, `${m.key} has ${m.rendered.words} words`);
    }
  });

  it('shows legal references such as Art. 3(c) as written, not as symbols', () => {
    const m1 = pkg.modules.find((m) => m.key === 'm1');
    assert.ok(m1);
    assert.match(m1.rendered.html, /Art\. 3\(c\)/);
    for (const m of pkg.modules) assert.doesNotMatch(m.rendered.html, /[©®™]/, `${m.key} has a (c), (r) or (tm) turned into a symbol`);
  });

  it('has at least 12 exam items per module and all six item types', () => {
    for (const m of pkg.modules) {
      const items = pkg.items.filter((item) => item.module === m.key);
      assert.ok(items.length >= 12, `${m.key} has ${items.length} items`);
      assert.ok(items.some((item) => item.type === 'scenario_judgement'), `${m.key} has a scenario item`);
    }
    assert.deepEqual(new Set(pkg.items.map((item) => item.type)), new Set(['single_choice', 'multiple_response', 'true_false', 'ordering', 'matching', 'scenario_judgement']));
  });

  it('gives every objective at least two exam items', () => {
    for (const m of pkg.modules) {
      for (const objective of m.front.objectives) {
        const count = pkg.items.filter((item) => item.objective === objective.id).length;
        assert.ok(count >= 2, `${objective.id} has ${count} exam items`);
      }
    }
  });

  it('gives every item a rationale and sources that exist in the sources list', () => {
    const sources = new Set(pkg.sources.map((s) => s.id));
    for (const item of [...pkg.items, ...pkg.modules.flatMap((m) => m.front.check)]) {
      assert.ok(item.rationale.length > 10, `${item.id} has a rationale`);
      assert.ok(item.sources.length > 0 && item.sources.every((id) => sources.has(id)), `${item.id} cites known sources`);
    }
  });

  it("marks the brief's critical items critical and gives each a parallel variant", () => {
    for (const id of CRITICAL) {
      const item = pkg.items.find((i) => i.id === id);
      assert.ok(item?.critical, `${id} is critical`);
      assert.ok(pkg.items.some((other) => other.variant_of === id), `${id} has a variant`);
    }
  });

  it('has a formative check of 3 to 5 items per module, apart from the exam bank', () => {
    const examIds = new Set(pkg.items.map((i) => i.id));
    for (const m of pkg.modules) {
      assert.ok(m.front.check.length >= 3 && m.front.check.length <= 5);
      for (const item of m.front.check) assert.ok(!examIds.has(item.id), `${item.id} is not an exam item`);
    }
  });

  it('has the glossary of at least the 30 terms of the brief, each sourced', () => {
    assert.ok(pkg.glossary.length >= 30);
    for (const term of ['Act–Means–Purpose', 'Non-punishment principle', 'PEACE model', 'National referral mechanism (NRM)']) {
      assert.ok(pkg.glossary.some((g) => g.term === term), `the glossary defines ${term}`);
    }
  });

  it('uses no avoided term of the language table anywhere a learner reads', () => {
    for (const [where, text] of learnerFacingText(pkg)) {
      for (const banned of BANNED) assert.doesNotMatch(text, banned, `${where} uses an avoided term`);
    }
  });

  it('carries the certification settings of the brief', () => {
    assert.equal(pkg.exam.pass_mark, 80);
    assert.equal(pkg.exam.require_all_critical, true);
    assert.equal(pkg.exam.max_attempts, 3);
    assert.equal(pkg.exam.cooldown_hours, 24);
    assert.ok(pkg.exam.items >= 30 && pkg.exam.items <= 40);
    assert.equal(pkg.exam.counted_attempt, 'best');
    assert.equal(pkg.manifest.certificate.validity_months, 24);
    assert.match(pkg.manifest.certificate.track_statements.judge ?? '', /Continuing professional development/);
  });

  it('lists every point still to verify in docs/content-review.md', () => {
    const review = readFileSync('docs/content-review.md', 'utf8');
    for (const point of ['14(3)', '16(5)', 'Art. 34', '2024/1712', '2023/1543', 'GLOTIP', 'ratif']) {
      assert.ok(review.includes(point), `the review list covers ${point}`);
    }
  });
});
