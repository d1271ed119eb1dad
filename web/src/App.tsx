import { lazy } from 'react';
import { BrowserRouter, Route, Routes } from 'react-router';
import { Layout } from './components/Layout';

// One chunk per page: the public form does not load the board, and ECharts is only
// fetched with the funder dashboard.
const BoardPage = lazy(() => import('./pages/BoardPage'));
const SignInPage = lazy(() => import('./pages/SignInPage'));
const SignInLinkPage = lazy(() => import('./pages/SignInLinkPage'));
const MunicipalityPage = lazy(() => import('./pages/MunicipalityPage'));
const TasksPage = lazy(() => import('./pages/TasksPage'));
const SelfCheckPage = lazy(() => import('./pages/SelfCheckPage'));
const FunderPage = lazy(() => import('./pages/FunderPage'));
const ProgrammePage = lazy(() => import('./pages/ProgrammePage'));
const PeoplePage = lazy(() => import('./pages/PeoplePage'));
const NotificationsPage = lazy(() => import('./pages/NotificationsPage'));
const InterestPage = lazy(() => import('./pages/InterestPage'));
const NotFoundPage = lazy(() => import('./pages/NotFoundPage'));

export function AppRoutes() {
  return (
    <Routes>
      <Route element={<Layout />}>
        <Route index element={<BoardPage />} />
        <Route path="anmelden" element={<SignInPage />} />
        <Route path="anmelden/link" element={<SignInLinkPage />} />
        <Route path="kommunen/:id" element={<MunicipalityPage />} />
        <Route path="aufgaben" element={<TasksPage />} />
        <Route path="selbstcheck" element={<SelfCheckPage />} />
        <Route path="foerderer" element={<FunderPage />} />
        <Route path="programm" element={<ProgrammePage />} />
        <Route path="personen" element={<PeoplePage />} />
        <Route path="benachrichtigungen" element={<NotificationsPage />} />
        <Route path="interesse" element={<InterestPage />} />
        <Route path="interesse/:programmeId" element={<InterestPage />} />
        <Route path="*" element={<NotFoundPage />} />
      </Route>
    </Routes>
  );
}

export function App() {
  return (
    <BrowserRouter>
      <AppRoutes />
    </BrowserRouter>
  );
}
