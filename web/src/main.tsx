import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import './i18n';
import './styles/app.css';
import { App } from './App';
import { ApiProvider } from './api';
import { createStubApi } from './api/stub/stubApi';

// The GraphQL implementation of LotseApi replaces the stub here.
const api = createStubApi();

const root = document.getElementById('root');
if (!root) throw new Error('#root missing in index.html');

createRoot(root).render(
  <StrictMode>
    <ApiProvider api={api}>
      <App />
    </ApiProvider>
  </StrictMode>,
);
