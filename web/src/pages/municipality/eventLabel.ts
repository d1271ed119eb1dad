import type { TFunction } from 'i18next';
import de from '../../i18n/de.json';

type EventType = keyof typeof de.event;

function isEventType(type: string): type is EventType {
  return Object.hasOwn(de.event, type);
}

/** Label of a timeline event; unknown (newer) event types show their raw name. */
export function eventLabel(t: TFunction, type: string): string {
  return isEventType(type) ? t(`event.${type}`) : type;
}
