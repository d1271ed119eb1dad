import { screen } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { ApiError } from '../api/graphql';
import { setLanguage } from '../i18n';
import { renderAt } from '../test/render';
import { QueryView } from './QueryView';

function failed(error: Error) {
  return { status: 'error' as const, error, reload: vi.fn() };
}

describe('query view', () => {
  afterEach(async () => {
    await setLanguage('de');
  });

  it('asks a person whose session ended to sign in again instead of showing a load error', async () => {
    const user = userEvent.setup();
    const ended = new ApiError([{ message: 'Bitte melden Sie sich an.', extensions: { code: 'UNAUTHENTICATED' } }]);
    renderAt(<QueryView query={failed(ended)}>{() => null}</QueryView>, { route: '/personen' });
    expect(screen.getByRole('alert')).toHaveTextContent('Ihre Sitzung ist beendet. Bitte melden Sie sich erneut an.');
    expect(screen.queryByText('Die Daten konnten nicht geladen werden.')).not.toBeInTheDocument();
    await user.click(screen.getByRole('link', { name: 'Erneut anmelden' }));
    expect(screen.getByTestId('location')).toHaveTextContent('/anmelden');
  });

  it('says so in English too', async () => {
    await setLanguage('en');
    const ended = new ApiError([{ message: 'Please sign in.', extensions: { code: 'UNAUTHENTICATED' } }]);
    renderAt(<QueryView query={failed(ended)}>{() => null}</QueryView>);
    expect(screen.getByRole('alert')).toHaveTextContent('Your session has ended. Please sign in again.');
    expect(screen.getByRole('link', { name: 'Sign in again' })).toBeInTheDocument();
  });

  it('offers to try again when loading failed for another reason', async () => {
    const user = userEvent.setup();
    const query = failed(new ApiError([{ message: 'Lotse ist gerade nicht erreichbar.', extensions: { code: 'SERVICE_UNAVAILABLE' } }]));
    renderAt(<QueryView query={query}>{() => null}</QueryView>);
    expect(screen.getByRole('alert')).toHaveTextContent('Die Daten konnten nicht geladen werden.');
    await user.click(screen.getByRole('button', { name: 'Erneut versuchen' }));
    expect(query.reload).toHaveBeenCalledOnce();
  });
});
