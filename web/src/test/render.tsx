import { render } from '@testing-library/react';
import type { ReactElement } from 'react';
import { MemoryRouter, Route, Routes, useLocation } from 'react-router';
import { ApiProvider } from '../api';
import type { LotseApi } from '../api/types';
import { createStubApi } from '../api/stub/stubApi';

/** Shows the current URL so tests can assert on it. */
function LocationProbe() {
  const location = useLocation();
  return <output data-testid="location">{location.pathname + location.search}</output>;
}

export function renderAt(
  ui: ReactElement,
  { route = '/', path = '*', api = createStubApi({ latencyMs: 0 }) }: { route?: string; path?: string; api?: LotseApi } = {},
) {
  return {
    api,
    ...render(
      <ApiProvider api={api}>
        <MemoryRouter initialEntries={[route]}>
          <Routes>
            <Route path={path} element={ui} />
          </Routes>
          <LocationProbe />
        </MemoryRouter>
      </ApiProvider>,
    ),
  };
}
