import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { FORMATIVE_RULES, readResponse, scoreItem, type Item } from '../../src/items/index.js';

const exam = { multiple_response: 'all_or_nothing', matching: 'proportional_quarter' } as const;
const base = { objective: 'O1', roles: ['all'], critical: false, sources: ['S1'], stem: 'stem', rationale: 'why' };
const opts = (...ids: string[]) => ids.map((id) => ({ id, text: id }));

const single: Item = { ...base, id: 'sc', type: 'single_choice', options: opts('a', 'b', 'c'), answer: 'b' };
const scenario: Item = { ...base, id: 'sj', type: 'scenario_judgement', scenario: 'case', options: opts('a', 'b'), answer: 'a' };
const multiple: Item = { ...base, id: 'mr', type: 'multiple_response', options: opts('a', 'b', 'c', 'd'), answer: ['a', 'b', 'c'] };
const trueFalse: Item = { ...base, id: 'tf', type: 'true_false', answer: false };
const ordering: Item = { ...base, id: 'ord', type: 'ordering', options: opts('a', 'b', 'c'), answer: ['b', 'a', 'c'] };
const matching: Item = { ...base, id: 'mat', type: 'matching', prompts: opts('p1', 'p2', 'p3', 'p4', 'p5', 'p6'), choices: opts('x', 'y'), answer: { p1: 'x', p2: 'y', p3: 'x', p4: 'y', p5: 'x', p6: 'y' } };

describe('scoring, one pure function per item type', () => {
  it('single choice and scenario judgement score 1 or 0', () => {
    assert.equal(scoreItem(single, 'b', exam).points, 1);
    assert.equal(scoreItem(single, 'a', exam).points, 0);
    assert.equal(scoreItem(single, undefined, exam).points, 0);
    assert.equal(scoreItem(scenario, 'a', exam).correct, true);
  });

  it('true/false compares booleans, not strings', () => {
    assert.equal(scoreItem(trueFalse, false, exam).points, 1);
    assert.equal(scoreItem(trueFalse, true, exam).points, 0);
    assert.equal(scoreItem(trueFalse, undefined, exam).points, 0, 'no answer is not "false"');
  });

  it('multiple response: exactly right on the exam; right minus wrong in formative checks', () => {
    assert.equal(scoreItem(multiple, ['c', 'a', 'b'], exam).points, 1, 'order does not matter');
    assert.equal(scoreItem(multiple, ['a', 'b'], exam).points, 0);
    assert.equal(scoreItem(multiple, ['a', 'b', 'c', 'd'], exam).points, 0);
    assert.equal(scoreItem(multiple, ['a', 'b'], FORMATIVE_RULES).points, 2 / 3);
    assert.equal(scoreItem(multiple, ['a', 'b', 'c', 'd'], FORMATIVE_RULES).points, 2 / 3);
    assert.equal(scoreItem(multiple, ['d'], FORMATIVE_RULES).points, 0, 'never below zero');
  });

  it('ordering scores only the whole sequence', () => {
    assert.equal(scoreItem(ordering, ['b', 'a', 'c'], exam).points, 1);
    assert.equal(scoreItem(ordering, ['a', 'b', 'c'], exam).points, 0);
    assert.equal(scoreItem(ordering, ['b', 'a'], exam).points, 0);
  });

  it('matching gives proportional credit rounded down to a quarter point', () => {
    const answer = { p1: 'x', p2: 'y', p3: 'x', p4: 'y', p5: 'x', p6: 'y' };
    assert.equal(scoreItem(matching, answer, exam).points, 1);
    assert.equal(scoreItem(matching, { ...answer, p6: 'x' }, exam).points, 0.75, '5 of 6 = 0.83 -> 0.75');
    assert.equal(scoreItem(matching, { p1: 'x', p2: 'y', p3: 'x' }, exam).points, 0.5);
    assert.equal(scoreItem(matching, { p1: 'x' }, exam).points, 0, '1 of 6 = 0.17 -> 0');
    assert.equal(scoreItem(matching, { ...answer, p6: 'x' }, { ...exam, matching: 'all_or_nothing' }).points, 0);
  });
});

describe('reading answers from a form', () => {
  it('reads each type and ignores ids that are not the item\'s own', () => {
    assert.equal(readResponse(single, { 'q.sc': 'b' }), 'b');
    assert.equal(readResponse(single, { 'q.sc': 'zzz' }), undefined);
    assert.equal(readResponse(trueFalse, { 'q.tf': 'false' }), false);
    assert.deepEqual(readResponse(multiple, { 'q.mr': ['a', 'x', 'a', 'c'] }), ['a', 'c']);
    assert.deepEqual(readResponse(ordering, { 'q.ord.a': '2', 'q.ord.b': '1', 'q.ord.c': '3' }), ['b', 'a', 'c']);
    assert.equal(readResponse(ordering, { 'q.ord.a': '2', 'q.ord.b': '1' }), undefined, 'an incomplete order is no answer');
    assert.deepEqual(readResponse(matching, { 'q.mat.p1': 'x', 'q.mat.p2': 'nope', 'q.mat.p9': 'x' }), { p1: 'x' });
  });
});
