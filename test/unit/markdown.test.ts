import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { renderCourseMarkdown, type RenderContext } from '../../src/courses/markdown.js';

const context: RenderContext = {
  glossarySlug: () => null,
  sourceExists: () => true,
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
