import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { renderCourseMarkdown, type RenderContext } from '../../src/courses/markdown.js';

const context: RenderContext = {
  glossarySlug: () => null,
  sourceExists: () => true,
  moduleExists: (id) => id === 'm2',
  glossaryUrl: '/glossary',
  sourcesUrl: '/sources',
};

describe('course markdown', () => {
  it('keeps (c), (r) and (tm) as written: legal references such as Art. 3(c) are not symbols', () => {
    const { html, problems } = renderCourseMarkdown('Art. 3(c) and 3(C), point (r) or (R), and (tm) or (TM).', context);
    assert.deepEqual(problems, []);
    assert.match(html, /Art\. 3\(c\) and 3\(C\), point \(r\) or \(R\), and \(tm\) or \(TM\)\./);
    assert.doesNotMatch(html, /[©®™]/);
  });

  it('leaves quotes, dashes and dots as the author typed them', () => {
    const { html } = renderCourseMarkdown('The "means" -- as defined -- apply... and it\'s +- the same.', context);
    assert.match(html, /The &quot;means&quot; -- as defined -- apply\.\.\. and it's \+- the same\./);
  });
});

describe('module cross-references', () => {
  it('keeps [[module:<id>]] for the reader to number, and refuses an id that is not a module', () => {
    const good = renderCourseMarkdown('See [[module:m2]] for more.', context);
    assert.deepEqual(good.problems, []);
    assert.match(good.html, /See <span data-module-ref="m2"><\/span> for more\./);
    const bad = renderCourseMarkdown('Intro.\n\nSee [[module:m9]].', context);
    assert.deepEqual(bad.problems, [{ line: 3, message: 'module reference [[module:m9]] names no module of course.yaml' }]);
  });
});
