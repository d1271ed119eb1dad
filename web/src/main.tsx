import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { currentLanguage } from './i18n';
import './styles/app.css';
import { App } from './App';
import { ApiProvider } from './api';
import { createGraphqlApi } from './api/graphql';
import { createStubApi } from './api/stub/stubApi';

// The server's GraphQL API; `?stub` (or VITE_LOTSE_STUB=1 at build time) uses the sample
// data instead, e.g. for `vite preview` without a server (the page checks in e2e/run.mjs).
const useStub =
  import.meta.env.VITE_LOTSE_STUB === '1' || new URLSearchParams(window.location.search).has('stub');
const api = useStub ? createStubApi() : createGraphqlApi({ language: currentLanguage });

const root = document.getElementById('root');
if (!root) throw new Error('#root missing in index.html');

createRoot(root).render(
  <StrictMode>
    <ApiProvider api={api}>
      <App />
    </ApiProvider>
  </StrictMode>,
);
