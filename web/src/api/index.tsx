// Where the pages get their data from. Today: the stub. Tomorrow: a GraphQL
// implementation of the same `LotseApi` interface, e.g. `createGraphqlApi(urqlClient)`,
// passed to <ApiProvider> in main.tsx. Nothing else needs to change.

import { createContext, use, type ReactNode } from 'react';
import type { LotseApi } from './types';

const ApiContext = createContext<LotseApi | null>(null);

export function ApiProvider({ api, children }: { api: LotseApi; children: ReactNode }) {
  return <ApiContext value={api}>{children}</ApiContext>;
}

export function useApi(): LotseApi {
  const api = use(ApiContext);
  if (!api) throw new Error('useApi outside <ApiProvider>');
  return api;
}

export type * from './types';
