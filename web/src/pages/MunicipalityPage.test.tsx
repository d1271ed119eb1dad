import { screen } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { renderAt } from '../test/render';
import MunicipalityPage from './MunicipalityPage';

function renderPage(id: string) {
  renderAt(<MunicipalityPage />, { route: `/kommunen/${id}`, path: '/kommunen/:id' });
}

describe('a municipality page', () => {
  it('shows the place on the waiting list next to the stage while the municipality waits', async () => {
    renderPage('m-hollerbach');
    await screen.findByRole('heading', { level: 1, name: 'Hollerbach' });
    expect(screen.getByText(/Phase: Warteliste · Platz 2 auf der Warteliste/)).toBeInTheDocument();
  });

  it('shows no place when the municipality is not waiting', async () => {
    renderPage('m-lindenau');
    await screen.findByRole('heading', { level: 1, name: 'Lindenau am See' });
    expect(screen.getByText(/Phase: Selbstcheck/)).toBeInTheDocument();
    expect(screen.queryByText(/auf der Warteliste/)).toBeNull();
  });
});
