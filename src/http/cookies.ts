export const SESSION_COOKIE = 'beacon_session';
/** The browser's IANA time zone, set by public/timezone.js; read, never trusted unchecked. */
export const TIME_ZONE_COOKIE = 'beacon_tz';

export function readCookie(header: string | undefined, name: string): string | undefined {
  if (!header) return undefined;
  for (const part of header.split(';')) {
    const eq = part.indexOf('=');
    if (eq <= 0 || part.slice(0, eq).trim() !== name) continue;
    try {
      return decodeURIComponent(part.slice(eq + 1).trim());
    } catch {
      return undefined; // a mangled cookie is no cookie, not an error on every page
    }
  }
  return undefined;
}

/**
 * Beacon runs inside LMS iframes, so over https the cookie must be SameSite=None; Secure;
 * Partitioned (CHIPS) to survive third-party cookie blocking. Browsers drop SameSite=None
 * without Secure, so plain-http development uses Lax, which works when the demo platform
 * and Beacon share a site.
 */
export function frameCookie(value: string, options: { secure: boolean; maxAgeSeconds: number; name?: string; path?: string }): string {
  const parts = [`${options.name ?? SESSION_COOKIE}=${encodeURIComponent(value)}`, `Path=${options.path ?? '/'}`, 'HttpOnly', `Max-Age=${options.maxAgeSeconds}`];
  parts.push(...(options.secure ? ['Secure', 'SameSite=None', 'Partitioned'] : ['SameSite=Lax']));
  return parts.join('; ');
}
