import type { BoardFilter } from '../../api/types';
import { BUNDESLAENDER, STAGES, type Bundesland, type Stage } from '../../domain';

/** Query-string names of the board filters (German, like the paths). */
export const FILTER_PARAMS = { land: 'land', stage: 'phase', facilitator: 'begleitung' } as const;

function oneOf<T extends string>(values: readonly T[], raw: string | null): T | undefined {
  return raw !== null && (values as readonly string[]).includes(raw) ? (raw as T) : undefined;
}

function nonEmpty(raw: string | null): string | undefined {
  return raw === null || raw === '' ? undefined : raw;
}

/** Reads the filter from the query string; unknown values are ignored. */
export function filterFromParams(params: URLSearchParams): BoardFilter {
  return {
    land: oneOf<Bundesland>(BUNDESLAENDER, params.get(FILTER_PARAMS.land)),
    stage: oneOf<Stage>(STAGES, params.get(FILTER_PARAMS.stage)),
    facilitator: nonEmpty(params.get(FILTER_PARAMS.facilitator)),
  };
}

/** Writes one filter value into a copy of the params; empty removes it. */
export function withFilter(params: URLSearchParams, key: keyof BoardFilter, value: string): URLSearchParams {
  const next = new URLSearchParams(params);
  if (value) next.set(FILTER_PARAMS[key], value);
  else next.delete(FILTER_PARAMS[key]);
  return next;
}

export function hasFilter(filter: BoardFilter): boolean {
  return Boolean(filter.land ?? filter.stage ?? filter.facilitator);
}
