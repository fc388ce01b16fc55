/** The zone Beacon shows times in when neither the LMS nor the browser has told it one. */
export const FALLBACK_ZONE = 'UTC';

const SHAPE = /^[A-Za-z][A-Za-z0-9_+-]*(\/[A-Za-z0-9_+-]+){0,2}$/;
let supported: Set<string> | null = null;

/**
 * A zone name taken from a cookie or an LMS claim, if it is a real IANA zone; anything else
 * is ignored. Aliases that browsers still report (Asia/Calcutta) count when ICU resolves
 * them to a supported zone, and are kept as given so the learner sees the name they know.
 */
export function validTimeZone(value: unknown): string | null {
  if (typeof value !== 'string' || value.length > 64 || !SHAPE.test(value)) return null;
  if (value === 'UTC') return value;
  supported ??= new Set(Intl.supportedValuesOf('timeZone'));
  if (supported.has(value)) return value;
  try {
    return supported.has(new Intl.DateTimeFormat('en', { timeZone: value }).resolvedOptions().timeZone) ? value : null;
  } catch {
    return null;
  }
}

export type TimeStyle = 'datetime' | 'time';

// en-GB, not en-US: day before month and a 24-hour clock read the same to every learner.
const INTL_LOCALE: Record<string, string> = { en: 'en-GB', ro: 'ro-RO' };

/** "2 Dec 2026, 14:30 (Europe/Bucharest)": the zone is always named, so nobody guesses. */
export function formatTime(ms: number, options: { locale: string; timeZone: string; style?: TimeStyle }): string {
  const dateParts: Intl.DateTimeFormatOptions = options.style === 'time' ? {} : { day: 'numeric', month: 'short', year: 'numeric' };
  const text = new Intl.DateTimeFormat(INTL_LOCALE[options.locale] ?? 'en-GB', { ...dateParts, hour: '2-digit', minute: '2-digit', hourCycle: 'h23', timeZone: options.timeZone }).format(ms);
  return `${text} (${options.timeZone})`;
}

const escapeHtml = (text: string) => text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

/**
 * A `<time>` element for a moment, with the text in the learner's zone and the exact moment
 * in `datetime`, so a script can rewrite the text in the browser's zone before the server
 * knows it. Returns HTML: everything in it is escaped here.
 */
export function timeElement(ms: number, options: { locale: string; timeZone: string; style?: TimeStyle }): string {
  const iso = new Date(ms).toISOString();
  return `<time datetime="${iso}" data-style="${options.style ?? 'datetime'}">${escapeHtml(formatTime(ms, options))}</time>`;
}

// Stands in for the time while the message is escaped; no translation contains it.
const TIME_MARK = '\u0000time\u0000';

/** A translated message with its {when} as a `<time>` element and the rest escaped: HTML. */
export function messageWithTime(translate: (params: Record<string, string | number>) => string, params: Record<string, string | number>, time: string): string {
  return translate({ ...params, when: TIME_MARK }).split(TIME_MARK).map(escapeHtml).join(time);
}
