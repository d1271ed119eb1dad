import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { currentLanguage } from './i18n';
import './styles/app.css';
import { App } from './App';
import { ApiProvider } from './api';
import { createGraphqlApi } from './api/graphql';
import { createStubApi } from './api/stub/stubApi';
import { ROLES } from './domain';

// The server's GraphQL API; `?stub` (or VITE_LOTSE_STUB=1 at build time) uses the sample
// data instead, e.g. for `vite preview` without a server (the page checks in e2e/run.mjs).
// `?stub=contact` (likewise facilitator, funder) signs in with that role, the team otherwise;
// `&kommune=m-grafenau` makes the contact person that municipality's (Lindenau's otherwise).
const params = new URLSearchParams(window.location.search);
const stubParam = params.get('stub');
const useStub = import.meta.env.VITE_LOTSE_STUB === '1' || stubParam !== null;
const stubRole = ROLES.find((r) => r === stubParam);
const stubMunicipality = params.get('kommune');
const api = useStub
  ? createStubApi({ ...(stubRole ? { role: stubRole } : {}), ...(stubMunicipality ? { municipalityId: stubMunicipality } : {}) })
  : createGraphqlApi({ language: currentLanguage });

const root = document.getElementById('root');
if (!root) throw new Error('#root missing in index.html');

createRoot(root).render(
  <StrictMode>
    <ApiProvider api={api}>
      <App />
    </ApiProvider>
  </StrictMode>,
);
