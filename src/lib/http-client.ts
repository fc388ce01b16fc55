import { userAgent } from './version.js';

export type HttpClient = (url: string, init?: RequestInit & { timeoutMs?: number }) => Promise<Response>;

/** fetch with a timeout and Beacon's User-Agent; the one way Beacon calls out. */
export const httpClient: HttpClient = async (url, init = {}) => {
  const { timeoutMs = 10_000, headers, ...rest } = init;
  const merged = new Headers(headers);
  merged.set('user-agent', userAgent);
  return fetch(url, { ...rest, headers: merged, signal: AbortSignal.timeout(timeoutMs) });
};
