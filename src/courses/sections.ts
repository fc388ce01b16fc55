/**
 * A module is read one section at a time: each `##` heading starts a section, and the text
 * before the first heading belongs to the first. Opening a section's page is the evidence
 * that the learner reached it, so completion can ask for it without any JavaScript.
 */
export type Section = { id: string; title: string; html: string };

/** The one section of a module with no `##` heading. */
export const WHOLE_MODULE = 'section-1';

/**
 * What a reached section is recorded as: its position, not its heading id. Translations name
 * their headings differently, and a learner who switches language keeps what they read.
 */
export const sectionKey = (index: number): string => String(index + 1);

const CONTAINERS = ['div', 'blockquote', 'ul', 'ol', 'table', 'details'];

/** True when nothing opened before `at` is still open: a cut there leaves both halves whole. */
function atTopLevel(html: string, at: number): boolean {
  const before = html.slice(0, at);
  return CONTAINERS.every((tag) => (before.match(new RegExp(`<${tag}[\\s>]`, 'g')) ?? []).length === (before.match(new RegExp(`</${tag}>`, 'g')) ?? []).length);
}

export function splitSections(html: string, headings: ReadonlyArray<{ id: string; text: string }>, wholeTitle: string): Section[] {
  if (headings.length === 0) return [{ id: WHOLE_MODULE, title: wholeTitle, html }];
  const starts = headings.map((h) => html.indexOf(`<h2 id="${h.id}"`));
  // Versions imported before headings inside callouts were refused may hold one: such a
  // module is read as one page rather than cut through an open element.
  const cuttable = starts.every((at, i) => at >= 0 && (i === 0 || at > (starts[i - 1] as number)) && atTopLevel(html, at));
  if (!cuttable) return [{ id: WHOLE_MODULE, title: wholeTitle, html }];
  return headings.map((h, i) => {
    const from = i === 0 ? 0 : (starts[i] as number);
    const to = i + 1 < headings.length ? (starts[i + 1] as number) : html.length;
    return { id: h.id, title: h.text, html: html.slice(from, to) };
  });
}
