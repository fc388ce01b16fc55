import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { FORMATIVE_RULES, scoreItem, wrongParts, type Item } from '../../src/items/index.js';

const base = { objective: 'O1', roles: ['all'], critical: false, sources: ['S1'], stem: 'stem', rationale: 'why' };
const opts = (...ids: string[]) => ids.map((id) => ({ id, text: id }));
const ordering: Item = { ...base, id: 'ord', type: 'ordering', options: opts('a', 'b', 'c', 'd'), answer: ['b', 'a', 'c', 'd'] };
const matching: Item = { ...base, id: 'mat', type: 'matching', prompts: opts('p1', 'p2', 'p3', 'p4'), choices: opts('x', 'y', 'z'), answer: { p1: 'x', p2: 'y', p3: 'x', p4: 'z' } };

describe('which parts of a matching or ordering answer are wrong', () => {
  it('names the prompts matched wrongly or not at all, with what the learner chose', () => {
    assert.deepEqual(wrongParts(matching, { p1: 'x', p2: 'x', p3: 'x' }), {
      type: 'matching',
      prompts: [
        { prompt: 'p2', given: 'x' },
        { prompt: 'p4', given: null },
      ],
    });
  });

  it('names the positions that hold the wrong step, with the step the learner put there', () => {
    assert.deepEqual(wrongParts(ordering, ['b', 'c', 'a', 'd']), {
      type: 'ordering',
      positions: [
        { position: 2, given: 'c' },
        { position: 3, given: 'a' },
      ],
    });
  });

  it('has nothing to say about a right or missing answer, or an item without parts', () => {
    assert.equal(wrongParts(matching, { ...matching.answer }), null);
    assert.equal(wrongParts(ordering, ['b', 'a', 'c', 'd']), null);
    assert.equal(wrongParts(ordering, undefined), null);
    assert.equal(wrongParts(matching, undefined), null);
    assert.equal(wrongParts({ ...base, id: 'tf', type: 'true_false', answer: true }, false), null);
  });

  it('leaves the score as it was: a half-right matching answer still earns its quarter points', () => {
    const given = { p1: 'x', p2: 'y', p3: 'z', p4: 'y' };
    assert.equal(scoreItem(matching, given, FORMATIVE_RULES).points, 0.5);
    assert.equal(wrongParts(matching, given)?.type, 'matching');
  });
});
