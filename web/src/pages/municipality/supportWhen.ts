// When and where a format for decision-makers takes place, as one line.

import type { SupportItem } from '../../api/types';
import type { Language } from '../../domain';
import { formatDate, formatDateTime } from '../../format';

/** "14.04.2026, 16:00 Uhr, Rathaus"; without a time only the day, without a place no place. */
export function supportWhen(s: Pick<SupportItem, 'on' | 'time' | 'place'>, language: Language): string {
  const day = s.time ? formatDateTime(`${s.on}T${s.time}`, language) : formatDate(s.on, language);
  return s.place ? `${day}, ${s.place}` : day;
}
