// The programme the signed-in pages show (board, funder dashboard) when the tenant runs
// several: chosen in the header, carried in the address (`?programm=<id>`, so a link or a
// reload shows the same) and remembered in the browser (so the other pages and the next
// visit do too). Without a choice the server shows the tenant's first programme. With one
// programme there is nothing to choose and nothing shows.

import { useEffect, useId, useSyncExternalStore } from 'react';
import { useTranslation } from 'react-i18next';
import { useSearchParams } from 'react-router';
import { useProgrammes } from '../api/hooks';

export const PROGRAMME_PARAM = 'programm';
const STORAGE_KEY = 'lotse.programme';
const CHANGED = 'lotse-programme-changed';
const LIST_CHANGED = 'lotse-programmes-changed';

/** Tells the switch that a programme was created, changed or archived (it loads the list again). */
export function announceProgrammesChanged(): void {
  window.dispatchEvent(new Event(LIST_CHANGED));
}

function stored(): string | null {
  try {
    return localStorage.getItem(STORAGE_KEY);
  } catch {
    return null;
  }
}

function store(id: string | null) {
  try {
    if (id) localStorage.setItem(STORAGE_KEY, id);
    else localStorage.removeItem(STORAGE_KEY);
  } catch {
    // Without storage the choice lives in the address only.
  }
  window.dispatchEvent(new Event(CHANGED));
}

function subscribe(onChange: () => void) {
  window.addEventListener(CHANGED, onChange);
  window.addEventListener('storage', onChange);
  return () => {
    window.removeEventListener(CHANGED, onChange);
    window.removeEventListener('storage', onChange);
  };
}

/**
 * The chosen programme's id: the address's, else the remembered one; undefined without a
 * choice (the server then shows the tenant's first programme).
 */
export function useChosenProgrammeId(): string | undefined {
  const [params] = useSearchParams();
  const remembered = useSyncExternalStore(subscribe, stored, () => null);
  const fromAddress = params.get(PROGRAMME_PARAM);
  // A link with a programme becomes the remembered choice.
  useEffect(() => {
    if (fromAddress && fromAddress !== stored()) store(fromAddress);
  }, [fromAddress]);
  return fromAddress ?? remembered ?? undefined;
}

/** The header's programme switch: a labelled select, only when there is a choice. */
export function ProgrammeSwitch() {
  const { t } = useTranslation();
  const id = useId();
  const programmes = useProgrammes();
  const [params, setParams] = useSearchParams();
  const chosen = useChosenProgrammeId();
  const list = programmes.status === 'ready' ? programmes.data : null;
  const known = !!list && !!chosen && list.some((p) => p.id === chosen);
  const { reload } = programmes;
  useEffect(() => {
    window.addEventListener(LIST_CHANGED, reload);
    return () => window.removeEventListener(LIST_CHANGED, reload);
  }, [reload]);

  // A remembered programme the tenant does not have (any more) is forgotten.
  useEffect(() => {
    if (!list || !chosen || known) return;
    store(null);
    if (params.has(PROGRAMME_PARAM)) {
      const next = new URLSearchParams(params);
      next.delete(PROGRAMME_PARAM);
      setParams(next, { replace: true });
    }
  }, [list, chosen, known, params, setParams]);

  if (!list || list.length < 2) return null;
  const value = known ? chosen : (list[0]?.id ?? '');
  return (
    <div className="programme-switch">
      <label htmlFor={id}>{t('app.programmeSwitch')}</label>
      <select
        id={id}
        value={value}
        onChange={(e) => {
          store(e.target.value);
          const next = new URLSearchParams(params);
          next.set(PROGRAMME_PARAM, e.target.value);
          setParams(next);
        }}
      >
        {list.map((p) => (
          <option key={p.id} value={p.id}>
            {p.archivedOn ? t('app.programmeArchived', { name: p.name }) : p.name}
          </option>
        ))}
      </select>
    </div>
  );
}
