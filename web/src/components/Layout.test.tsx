import { screen, waitFor } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { afterEach, describe, expect, it } from 'vitest';
import { setLanguage } from '../i18n';
import { renderAt } from '../test/render';
import { Layout } from './Layout';

describe('layout', () => {
  afterEach(async () => {
    await setLanguage('de');
  });

  it('has a skip link, landmarks and a labelled main navigation', async () => {
    renderAt(<Layout />);
    const skip = screen.getByRole('link', { name: 'Zum Inhalt springen' });
    expect(skip).toHaveAttribute('href', '#main');
    expect(screen.getByRole('banner')).toBeInTheDocument();
    expect(screen.getByRole('main')).toHaveAttribute('id', 'main');
    expect(screen.getByRole('contentinfo')).toBeInTheDocument();
    const nav = await screen.findByRole('navigation', { name: 'Hauptnavigation' });
    await waitFor(() => expect(nav.querySelectorAll('a').length).toBeGreaterThan(0));
  });

  it('switches the language with a labelled select and updates <html lang>', async () => {
    const user = userEvent.setup();
    renderAt(<Layout />);
    await user.selectOptions(screen.getByRole('combobox', { name: 'Sprache' }), 'en');
    expect(document.documentElement.lang).toBe('en');
    expect(screen.getByRole('link', { name: 'Skip to content' })).toBeInTheDocument();
    expect(screen.getByRole('combobox', { name: 'Language' })).toHaveValue('en');
  });
});
