import type { Translate } from '../i18n/index.js';
import type { CertificateDetails } from './queries.js';

/**
 * A certificate's learning time is the planned time of the modules the learner's track
 * required, as the course package states it, never the time between clicks.
 */
export function plannedMinutes(details: Pick<CertificateDetails, 'modules'>): number {
  return details.modules.reduce((sum, m) => sum + m.minutes, 0);
}

/** "5 h 30 min", "5 h" or "45 min", in the reader's language. */
export function hoursAndMinutes(minutes: number, t: Translate): string {
  const hours = Math.floor(minutes / 60);
  const rest = Math.round(minutes % 60);
  if (hours === 0) return t('certificates.minutesOnly', { minutes: rest });
  if (rest === 0) return t('certificates.hoursOnly', { hours });
  return t('certificates.hoursMinutes', { hours, minutes: rest });
}
