import type { Level, ModuleSummary } from './queries.js';

/** A module's place in the learner's track, as the course page shows it: "Module n of total". */
export type ModuleNumber = { n: number; total: number };

const MARKER = /<span data-module-ref="([A-Za-z0-9_-]+)"><\/span>/g;

/** What "[[module:<id>]]" is stored as until it is shown to a reader (see markdown.ts). */
export function moduleRefMarker(key: string): string {
  return `<span data-module-ref="${key}"></span>`;
}

/**
 * The numbers a learner sees. A track is its core and recommended modules in course order;
 * a module that is optional for the track is outside it and has no number, so a track that
 * leaves a module out counts on without a gap.
 */
export function trackNumbers(modules: readonly ModuleSummary[], levelOf: (module: ModuleSummary) => Level): Map<string, ModuleNumber> {
  const inTrack = modules.filter((m) => levelOf(m) !== 'optional');
  return new Map(inTrack.map((m, i) => [m.key, { n: i + 1, total: inTrack.length }]));
}

export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

const IN_PLAIN_TEXT = /\[\[module:([^\]\n]*)\]\]/g;

/** The module ids that "[[module:<id>]]" names in plain text (an item's rationale), for the importer to check. */
export function moduleRefsIn(text: string): string[] {
  return [...text.matchAll(IN_PLAIN_TEXT)].map((m) => (m[1] as string).trim());
}

/** "[[module:<id>]]" in plain text, in the reader's words; the result is text, escaped where it is shown. */
export function resolveModuleRefsInText(text: string, show: (key: string) => string): string {
  return text.replace(IN_PLAIN_TEXT, (_ref, key: string) => show(key.trim()));
}

/** Turns the stored markers into the reader's words; `show` returns HTML for one module id. */
export function resolveModuleRefs(html: string, show: (key: string) => string): string {
  return html.replace(MARKER, (_marker, key: string) => show(key));
}
