export type CertificateState = 'valid' | 'expiring' | 'expired' | 'revoked' | 'superseded';

export type StatusFacts = { expiresAt: number; revokedAt: number | null; supersededBy: string | null; expiringWindowDays: number };

/** A certificate's state at a moment: revocation first, then replacement, then dates. */
export function certificateState(facts: StatusFacts, now: number): CertificateState {
  if (facts.revokedAt !== null) return 'revoked';
  if (facts.supersededBy !== null) return 'superseded';
  if (now >= facts.expiresAt) return 'expired';
  if (now >= facts.expiresAt - facts.expiringWindowDays * 86_400_000) return 'expiring';
  return 'valid';
}

/** Adds calendar months in UTC, keeping the day where the month has it (31 Jan + 1 month = 28/29 Feb). */
export function addMonths(at: number, months: number): number {
  const date = new Date(at);
  const day = date.getUTCDate();
  date.setUTCDate(1);
  date.setUTCMonth(date.getUTCMonth() + months);
  const last = new Date(Date.UTC(date.getUTCFullYear(), date.getUTCMonth() + 1, 0)).getUTCDate();
  date.setUTCDate(Math.min(day, last));
  return date.getTime();
}
