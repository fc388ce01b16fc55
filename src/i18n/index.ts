import { en, type MessageKey } from './en.js';
import { ro } from './ro.js';

export type { MessageKey };
export type Locale = 'en' | 'ro';
export const LOCALES: readonly Locale[] = ['en', 'ro'];

const catalogues: Record<Locale, Partial<Record<MessageKey, string>>> = { en, ro };

export type Translate = (key: MessageKey, params?: Record<string, string | number>) => string;

/** Picks a supported language from an LTI locale or Accept-Language value ("ro-RO" -> "ro"). */
export function pickLocale(...candidates: Array<string | null | undefined>): Locale {
  for (const candidate of candidates) {
    for (const part of (candidate ?? '').split(',')) {
      const tag = part.trim().slice(0, 2).toLowerCase();
      if ((LOCALES as readonly string[]).includes(tag)) return tag as Locale;
    }
  }
  return 'en';
}

export function translator(locale: Locale): Translate {
  const catalogue = catalogues[locale];
  return (key, params) => {
    const template = catalogue[key] ?? en[key];
    if (!params) return template;
    return template.replace(/\{(\w+)\}/g, (match, name: string) => (name in params ? String(params[name]) : match));
  };
}

export { FALLBACK_ZONE, formatTime, messageWithTime, timeElement, validTimeZone, type TimeStyle } from './time.js';
