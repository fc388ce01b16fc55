import { LineCounter, parseDocument, type Document } from 'yaml';
import type { z } from 'zod';

export type PackageProblem = { file: string; field?: string; line?: number; message: string };

export function formatProblem(problem: PackageProblem): string {
  const where = [problem.file, problem.line ? `line ${problem.line}` : null, problem.field ? `field "${problem.field}"` : null].filter(Boolean).join(', ');
  return `${where}: ${problem.message}`;
}

/** A YAML text with what is needed to point at a field's line. */
export type YamlSource = { file: string; doc: Document; lines: LineCounter; lineOffset: number };

export function parseYaml(file: string, text: string, problems: PackageProblem[], lineOffset = 0): { source: YamlSource; value: unknown } | null {
  const lines = new LineCounter();
  const doc = parseDocument(text, { lineCounter: lines, prettyErrors: true, uniqueKeys: true });
  if (doc.errors.length > 0) {
    for (const error of doc.errors) {
      problems.push({ file, line: (error.linePos?.[0]?.line ?? 0) + lineOffset || undefined, message: error.message.split('\n')[0] as string });
    }
    return null;
  }
  return { source: { file, doc, lines, lineOffset }, value: doc.toJS() };
}

/** The line of the node at `path`, or of its nearest ancestor that exists. */
export function lineAt(source: YamlSource, path: ReadonlyArray<PropertyKey>): number | undefined {
  for (let depth = path.length; depth >= 0; depth--) {
    const node = source.doc.getIn(path.slice(0, depth) as Array<string | number>, true) as { range?: [number, number, number] } | undefined;
    if (node && node.range) return source.lines.linePos(node.range[0]).line + source.lineOffset;
  }
  return undefined;
}

export function fieldName(path: ReadonlyArray<PropertyKey>): string {
  return path.map((part) => (typeof part === 'number' ? `[${part}]` : String(part))).join('.').replace(/\.\[/g, '[');
}

/** Validates a parsed YAML value; each problem names the file, the field and its line. */
export function check<T extends z.ZodType>(schema: T, value: unknown, source: YamlSource, problems: PackageProblem[], pathPrefix: PropertyKey[] = []): z.infer<T> | null {
  const parsed = schema.safeParse(value);
  if (parsed.success) return parsed.data;
  for (const issue of parsed.error.issues) {
    const path = [...pathPrefix, ...issue.path];
    problems.push({ file: source.file, field: fieldName(path) || undefined, line: lineAt(source, path), message: issue.message });
  }
  return null;
}
