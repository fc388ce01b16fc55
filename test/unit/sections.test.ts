import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { WHOLE_MODULE, sectionKey, splitSections } from '../../src/courses/sections.js';

const headings = [
  { id: 'one', text: 'One' },
  { id: 'two', text: 'Two' },
];

describe('cutting a module into section pages', () => {
  it('cuts at each top-level heading, the text before the first belonging to the first', () => {
    const html = '<p>Intro</p><h2 id="one">One</h2><p>a</p><h2 id="two">Two</h2><p>b</p>';
    const sections = splitSections(html, headings, 'Module');
    assert.deepEqual(sections.map((s) => [s.id, s.html]), [
      ['one', '<p>Intro</p><h2 id="one">One</h2><p>a</p>'],
      ['two', '<h2 id="two">Two</h2><p>b</p>'],
    ]);
  });

  it('reads a module as one page rather than cut through a callout an older version allowed', () => {
    const html = '<h2 id="one">One</h2><div class="callout"><h2 id="two">Two</h2><p>b</p></div>';
    assert.deepEqual(splitSections(html, headings, 'Module').map((s) => [s.id, s.title, s.html]), [[WHOLE_MODULE, 'Module', html]]);
  });

  it('reads a module as one page when a stored heading is missing from its text', () => {
    const html = '<h2 id="one">One</h2><p>a</p>';
    assert.equal(splitSections(html, headings, 'Module').length, 1);
  });

  it('records a section by its position, the same in every language', () => {
    assert.deepEqual([0, 1, 2].map(sectionKey), ['1', '2', '3']);
  });
});
