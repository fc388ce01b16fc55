import MarkdownIt from 'markdown-it';
import container from 'markdown-it-container';
import type { StateInline, Token } from 'markdown-it';
import { moduleRefMarker } from './module-refs.js';
import { slugify } from './slug.js';

export const CALLOUT_KINDS = ['indicator', 'legal', 'scenario', 'note', 'tip'] as const;
const CALLOUT_LABELS: Record<(typeof CALLOUT_KINDS)[number], string> = {
  indicator: 'Indicator',
  legal: 'Legal reference',
  scenario: 'Scenario',
  note: 'Content note',
  tip: 'Practice point',
};

export type RenderContext = {
  /** Resolves "[[text|term]]" targets (term text or slug) to a glossary slug, or null. */
  glossarySlug(target: string): string | null;
  sourceExists(id: string): boolean;
  /** Whether "[[module:<id>]]" names a module of the course. */
  moduleExists(id: string): boolean;
  glossaryUrl: string;
  sourcesUrl: string;
};

export type RenderProblem = { line: number; message: string };
export type Rendered = {
  html: string;
  headings: Array<{ id: string; text: string }>;
  words: number;
  sourceIds: string[];
  problems: RenderProblem[];
};

const SAFE_LINK = /^(https?:\/\/|mailto:|#)/i;

/**
 * "[[module:<id>]]" is kept in the stored HTML as a marker, because the words it becomes
 * ("Module 4: Title", or the title alone) depend on the reader's track and language.
 * Raw HTML is off, so no author text can produce the marker itself.
 */
function moduleRefRule(state: StateInline, silent: boolean): boolean {
  const match = /^\[\[module:([^\]\n]*)\]\]/.exec(state.src.slice(state.pos));
  if (!match) return false;
  if (!silent) {
    const token = state.push('module_ref', '', 0);
    token.content = (match[1] as string).trim();
  }
  state.pos += match[0].length;
  return true;
}

function glossaryRule(state: StateInline, silent: boolean): boolean {
  const src = state.src.slice(state.pos);
  const match = /^\[\[([^\]|\n]+)(?:\|([^\]\n]+))?\]\]/.exec(src);
  if (!match) return false;
  if (!silent) {
    const token = state.push('glossary_link', '', 0);
    token.content = (match[1] as string).trim();
    token.meta = { target: (match[2] ?? match[1] as string).trim() };
  }
  state.pos += match[0].length;
  return true;
}

function sourceRule(state: StateInline, silent: boolean): boolean {
  const match = /^\[(S\d+)\]/.exec(state.src.slice(state.pos));
  if (!match) return false;
  if (!silent) {
    const token = state.push('source_ref', '', 0);
    token.content = match[1] as string;
  }
  state.pos += match[0].length;
  return true;
}

function inlineText(tokens: Token[]): string {
  return tokens.map((t) => (t.type === 'glossary_link' || t.type === 'source_ref' || t.type === 'module_ref' ? t.content : t.children ? inlineText(t.children) : t.content)).join('');
}

/**
 * Course Markdown to safe HTML: raw HTML is off, links must be http(s), mailto or an anchor,
 * images are refused, and callouts, glossary links and source tags have their own syntax
 * (docs/course-format.md). Problems are collected with their line, never silently dropped.
 */
export function renderCourseMarkdown(markdown: string, context: RenderContext): Rendered {
  // No typographer: its replacements turn the legal reference "Art. 3(c)" into "Art. 3©", and its quotes
  // are English ones (“”) that are wrong in a Romanian course and change quoted legal text.
  // Authors type the typographic characters they want (–, „”), which are kept as written.
  const md = new MarkdownIt({ html: false, linkify: false, typographer: false });
  // Parse every link so an unsafe one is reported and the package refused, not silently shown as text.
  md.validateLink = () => true;
  const problems: RenderProblem[] = [];
  const headings: Rendered['headings'] = [];
  const sourceIds = new Set<string>();
  const lines = new WeakMap<Token, number>();
  const lineOf = (token: Token) => (token.map ? token.map[0] + 1 : (lines.get(token) ?? 0));

  for (const kind of CALLOUT_KINDS) {
    md.use(container, kind, {
      render(tokens: Token[], idx: number): string {
        const token = tokens[idx] as Token;
        if (token.nesting !== 1) return '</div></aside>\n';
        const title = token.info.trim().slice(kind.length).trim();
        const label = md.utils.escapeHtml(title || CALLOUT_LABELS[kind]);
        return `<aside class="callout callout-${kind}" aria-label="${label}"><p class="callout-label">${label}</p><div class="callout-body">\n`;
      },
    });
  }
  md.inline.ruler.before('link', 'module_ref', moduleRefRule);
  md.inline.ruler.before('link', 'glossary_link', glossaryRule);
  md.inline.ruler.before('link', 'source_ref', sourceRule);

  md.renderer.rules.glossary_link = (tokens, idx) => {
    const token = tokens[idx] as Token;
    const target = (token.meta as { target: string }).target;
    const slug = context.glossarySlug(target);
    if (!slug) problems.push({ line: lineOf(token), message: `glossary link [[${target}]] names no glossary term` });
    return `<a class="term" href="${context.glossaryUrl}#${slug ?? ''}">${md.utils.escapeHtml(token.content)}</a>`;
  };
  md.renderer.rules.module_ref = (tokens, idx) => {
    const token = tokens[idx] as Token;
    const id = token.content;
    if (!context.moduleExists(id)) {
      problems.push({ line: lineOf(token), message: `module reference [[module:${id}]] names no module of course.yaml` });
      return md.utils.escapeHtml(id);
    }
    return moduleRefMarker(id);
  };
  md.renderer.rules.source_ref = (tokens, idx) => {
    const token = tokens[idx] as Token;
    const id = token.content;
    if (!context.sourceExists(id)) problems.push({ line: lineOf(token), message: `source tag [${id}] is not in sources.yaml` });
    sourceIds.add(id);
    return `<a class="src" href="${context.sourcesUrl}#${id}">[${id}]</a>`;
  };
  md.renderer.rules.image = (tokens, idx) => {
    problems.push({ line: lineOf(tokens[idx] as Token), message: 'images are not supported in course text; describe the figure in words' });
    return '';
  };
  const defaultLinkOpen = md.renderer.rules.link_open ?? ((tokens, idx, options, _env, self) => self.renderToken(tokens, idx, options));
  md.renderer.rules.link_open = (tokens, idx, options, env, self) => {
    const token = tokens[idx] as Token;
    const href = String(token.attrGet('href') ?? '');
    if (!SAFE_LINK.test(href)) problems.push({ line: lineOf(token), message: `link "${href}" must be an http(s), mailto or #anchor link` });
    if (/^https?:/i.test(href)) {
      token.attrSet('rel', 'noopener noreferrer');
      token.attrSet('target', '_blank');
    }
    return defaultLinkOpen(tokens, idx, options, env, self);
  };
  md.renderer.rules.heading_open = (tokens, idx, options, _env, self) => {
    const token = tokens[idx] as Token;
    const inline = tokens[idx + 1] as Token;
    if (token.tag === 'h1') problems.push({ line: lineOf(token), message: 'use ## for sections; the module title is the page heading' });
    // A module is read one section page at a time, cut at its top-level ## headings (sections.ts).
    if (token.tag === 'h2' && token.level > 0) problems.push({ line: lineOf(token), message: 'a ## section heading must not be inside a callout, list or quote' });
    if (token.tag === 'h2') {
      const text = inlineText(inline.children ?? []);
      let id = slugify(text) || `section-${headings.length + 1}`;
      if (headings.some((h) => h.id === id)) id = `${id}-${headings.length + 1}`;
      headings.push({ id, text });
      token.attrSet('id', id);
    }
    return self.renderToken(tokens, idx, options);
  };

  const tokens = md.parse(markdown, {});
  // Inline tokens carry no line; give them their block's, for problem messages.
  for (const token of tokens) {
    for (const child of token.children ?? []) lines.set(child, lineOf(token));
  }
  const html = md.renderer.render(tokens, md.options, {});
  const text = html.replace(/<[^>]+>/g, ' ').replace(/&[a-z#0-9]+;/gi, ' ');
  const words = text.split(/\s+/).filter((word) => /[\p{L}\p{N}]/u.test(word)).length;
  return { html, headings, words, sourceIds: [...sourceIds], problems };
}
