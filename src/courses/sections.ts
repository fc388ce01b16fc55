/**
 * A module is read one section at a time: each `##` heading starts a section, and the text
 * before the first heading belongs to the first. Opening a section's page is the evidence
 * that the learner reached it, so completion can ask for it without any JavaScript.
 */
export type Section = { id: string; title: string; html: string };

/** The one section of a module with no `##` heading. */
export const WHOLE_MODULE = 'section-1';

export function splitSections(html: string, headings: ReadonlyArray<{ id: string; text: string }>, wholeTitle: string): Section[] {
  if (headings.length === 0) return [{ id: WHOLE_MODULE, title: wholeTitle, html }];
  const starts = headings.map((h) => html.indexOf(`<h2 id="${h.id}"`));
  return headings.map((h, i) => {
    const from = i === 0 ? 0 : (starts[i] as number);
    const to = i + 1 < headings.length ? (starts[i + 1] as number) : html.length;
    return { id: h.id, title: h.text, html: html.slice(from, to) };
  });
}
