import '@testing-library/jest-dom/vitest';
import { afterEach } from 'vitest';
import { cleanup, configure } from '@testing-library/react';
import './i18n';

// findBy… and waitFor wait up to 5 s rather than 1 s: on a busy two-core CI machine a
// page can take more than a second to load its stubbed data, and a test must not fail
// for that alone (it still fails when the element never appears).
configure({ asyncUtilTimeout: 5000 });

afterEach(() => {
  cleanup();
});
