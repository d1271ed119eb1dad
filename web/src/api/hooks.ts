// Data hooks used by the pages. Each wraps one LotseApi call in a small loading/error
// state machine. With urql these can become `useQuery` calls with the same return shape.

import { useCallback, useEffect, useState } from 'react';
import { useLanguage } from '../components/useLanguage';
import { useApi } from './index';
import type { BoardFilter, LotseApi } from './types';

export type QueryState<T> =
  | { status: 'loading'; data?: undefined; error?: undefined }
  | { status: 'error'; data?: undefined; error: Error }
  | { status: 'ready'; data: T; error?: undefined };

/**
 * Runs `load(api)` whenever `key` changes, and with `perLanguage` also when the interface
 * language changes (for data with texts the API sends in the current language, such as
 * framework titles); `reload()` runs it again (e.g. on a subscription event). Stale
 * answers of an earlier key are dropped.
 */
export function useApiQuery<T>(
  baseKey: string,
  load: (api: LotseApi) => Promise<T>,
  { perLanguage = false }: { perLanguage?: boolean } = {},
): QueryState<T> & { reload: () => void } {
  const api = useApi();
  const language = useLanguage();
  const key = perLanguage ? `${baseKey}|${language}` : baseKey;
  const [state, setState] = useState<{ key: string; baseKey: string; value: QueryState<T> }>({
    key,
    baseKey,
    value: { status: 'loading' },
  });
  const [generation, setGeneration] = useState(0);

  // Reset to loading synchronously when the key changes (no flash of old data). When only
  // the language changed, the data stays until it arrives in the new language, so that
  // forms on the page keep what was typed into them.
  if (state.key !== key) {
    const sameData = state.baseKey === baseKey && state.value.status === 'ready';
    setState({ key, baseKey, value: sameData ? state.value : { status: 'loading' } });
  }

  useEffect(() => {
    let current = true;
    load(api).then(
      (data) => {
        if (current) setState({ key, baseKey, value: { status: 'ready', data } });
      },
      (error: unknown) => {
        if (current) {
          const err = error instanceof Error ? error : new Error(String(error));
          setState({ key, baseKey, value: { status: 'error', error: err } });
        }
      },
    );
    return () => {
      current = false;
    };
    // `load` is a fresh closure every render; `key` names what it loads.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [api, key, generation]);

  const reload = useCallback(() => setGeneration((g) => g + 1), []);
  return { ...state.value, reload };
}

/**
 * The board, live; with `asOf` (a past day) as it stood then, not live; with `programmeId`
 * of that programme (else the tenant's first).
 */
export function useBoard(filter: BoardFilter, asOf?: string, programmeId?: string) {
  const key = `board:${programmeId ?? ''}:${filter.land ?? ''}:${filter.stage ?? ''}:${filter.facilitator ?? ''}:${asOf ?? 'now'}`;
  const query = useApiQuery(key, (api) => api.board(filter, asOf, programmeId));
  const api = useApi();
  const { reload } = query;
  useEffect(() => (asOf ? undefined : api.subscribeBoard(reload)), [api, asOf, reload]);
  return query;
}

/** A municipality's page, live; with `asOf` (a past day) as it stood then, not live. */
export function useMunicipality(id: string, asOf?: string) {
  const query = useApiQuery(`municipality:${id}:${asOf ?? 'now'}`, (api) => api.municipality(id, asOf), {
    perLanguage: true,
  });
  const api = useApi();
  const { reload } = query;
  useEffect(() => {
    if (asOf) return undefined;
    return api.subscribeBoard((change) => {
      if (!change || change.municipalityId === id) reload();
    });
  }, [api, id, asOf, reload]);
  return query;
}

export function useFacilitators() {
  return useApiQuery('facilitators', (api) => api.facilitators());
}

export function useMyTasks() {
  return useApiQuery('my-tasks', (api) => api.myTasks());
}

export function useSelfCheckDraft() {
  return useApiQuery('self-check', (api) => api.selfCheck(), { perLanguage: true });
}

/** The funder's figures; with `asOf` (a past day) as they stood then; of `programmeId` (else the first). */
export function useFunderDashboard(asOf?: string, programmeId?: string) {
  return useApiQuery(`funder:${programmeId ?? ''}:${asOf ?? 'now'}`, (api) => api.funderDashboard(asOf, programmeId), {
    perLanguage: true,
  });
}

/** The programmes with a public form, open or not (public; notices in the interface language). */
export function useProgrammeForms() {
  return useApiQuery('programme-forms', (api) => api.programmeForms(), { perLanguage: true });
}

export function useCurrentUser() {
  return useApiQuery('me', (api) => api.currentUser());
}

/** The tenant's programmes (framework titles in the interface language). */
export function useProgrammes() {
  return useApiQuery('programmes', (api) => api.programmes(), { perLanguage: true });
}

/** The self-check frameworks a programme can choose (team only). */
export function useFrameworks() {
  return useApiQuery('frameworks', (api) => api.frameworks(), { perLanguage: true });
}

/** Everyone with an account of the tenant (team only). */
export function usePeople() {
  return useApiQuery('people', (api) => api.people());
}
