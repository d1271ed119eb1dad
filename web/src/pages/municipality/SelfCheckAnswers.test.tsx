import { fireEvent, screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { createStubApi } from '../../api/stub/stubApi';
import type { LotseApi, SelfCheckResults, SelfCheckRound } from '../../api/types';
import type { Role } from '../../domain';
import { renderAt } from '../../test/render';
import MunicipalityPage from '../MunicipalityPage';

/** Two fields of action with two indicators each, as the framework orders them. */
const OUTLINE: SelfCheckResults['outline'] = [
  {
    id: 'governance',
    title: 'Strategie und Steuerung',
    indicators: [
      { id: 'governance-strategy', title: 'Ein beschlossenes Konzept liegt vor' },
      { id: 'governance-resources', title: 'Personal und Mittel stehen dauerhaft bereit' },
    ],
  },
  {
    id: 'participation',
    title: 'Teilhabe und Mitwirkung',
    indicators: [
      { id: 'participation-council', title: 'Ein Integrationsbeirat wird beteiligt' },
      { id: 'participation-formats', title: 'Beteiligung erreicht auch Eingewanderte' },
    ],
  },
];

const FIRST: SelfCheckRound = {
  round: 1,
  startedOn: '2026-09-01',
  submittedOn: '2026-09-14',
  overall: 44,
  fieldScores: { governance: 50, participation: 37.5 },
  answers: {
    'governance-strategy': {
      rating: 2,
      comment: 'Der Entwurf liegt dem Sozialausschuss vor.',
      evidenceUrl: 'https://www.lindenau-am-see.example/integrationskonzept',
    },
    'governance-resources': { rating: null, comment: 'Gibt es bei uns nicht als eigenen Posten.', evidenceUrl: '' },
    'participation-council': { rating: 3, comment: '', evidenceUrl: '' },
    'participation-formats': { rating: 0, comment: 'Darüber möchten wir im Workshop sprechen.', evidenceUrl: '' },
  },
};

const SECOND: SelfCheckRound = {
  round: 2,
  startedOn: '2026-12-01',
  submittedOn: '2027-01-20',
  overall: 69,
  fieldScores: { governance: 75, participation: 62.5 },
  answers: {
    'governance-strategy': { rating: 3, comment: 'Der Rat hat das Konzept im Dezember beschlossen.', evidenceUrl: '' },
    'governance-resources': { rating: null, comment: '', evidenceUrl: '' },
    'participation-council': { rating: 4, comment: '', evidenceUrl: '' },
    'participation-formats': { rating: 1, comment: '', evidenceUrl: '' },
  },
};

function results(rounds: SelfCheckRound[]): SelfCheckResults {
  const [first, second] = rounds;
  return {
    frameworkTitle: 'Selbstcheck Weltoffene Kommune',
    firstSubmittedOn: first?.submittedOn ?? null,
    secondSubmittedOn: second?.submittedOn ?? null,
    overallFirst: first?.overall ?? null,
    overallSecond: second?.overall ?? null,
    fields: OUTLINE.map((f, i) => ({
      fieldId: f.id,
      title: f.title,
      first: first?.fieldScores[f.id] ?? null,
      second: second?.fieldScores[f.id] ?? null,
      benchmark: [48, null][i] ?? null,
    })),
    outline: OUTLINE,
    rounds,
  };
}

/**
 * The stub API signed in with `role` (the team's by default), answering the page of a
 * municipality with these rounds of the self-check, whoever asks.
 */
function apiWith(rounds: SelfCheckRound[], role: Role = 'team'): LotseApi {
  const pages = createStubApi({ latencyMs: 0 });
  return {
    ...createStubApi({ latencyMs: 0, role }),
    municipality: async (id, asOf) => {
      const m = await pages.municipality(id, asOf);
      return m && { ...m, selfCheck: results(rounds) };
    },
  };
}

function openPage(id: string, api: LotseApi) {
  return renderAt(<MunicipalityPage />, { route: `/kommunen/${id}`, path: '/kommunen/:id', api });
}

/** The rows of a field's table as "indicator | answer | comment and evidence". */
function rowsOf(field: HTMLElement): string[] {
  return within(field)
    .getAllByRole('row')
    .slice(1)
    .map((row) =>
      [...row.querySelectorAll('th, td')].map((cell) => cell.textContent?.replace(/\u00ad/g, '').trim()).join(' | '),
    );
}

afterEach(() => {
  vi.restoreAllMocks();
  document.documentElement.classList.remove('print-handout');
});

describe('the self-check’s answers on the municipality page', () => {
  it('lists every answer with its comment and evidence link under its field of action, with the field’s score', async () => {
    openPage('m-lindenau', apiWith([FIRST]));
    expect(await screen.findByRole('heading', { name: 'Antworten und Kommentare' })).toBeInTheDocument();
    expect(screen.getByText('1. Selbstcheck, abgeschickt am 14.09.2026')).toBeInTheDocument();

    const governance = screen.getByRole('region', { name: 'Strategie und Steuerung' });
    expect(within(governance).getByText('Ergebnis: 50 %')).toBeInTheDocument();
    expect(within(governance).getByText('Median der Kohorte: 48 %')).toBeInTheDocument();
    expect(rowsOf(governance)).toEqual([
      '1.1 Ein beschlossenes Konzept liegt vor | 2 – geplant oder begonnen | „Der Entwurf liegt dem Sozialausschuss vor.“Beleg: https://www.lindenau-am-see.example/integrationskonzept',
      '1.2 Personal und Mittel stehen dauerhaft bereit | nicht zutreffend | „Gibt es bei uns nicht als eigenen Posten.“',
    ]);
    expect(within(governance).getByRole('link', { name: 'https://www.lindenau-am-see.example/integrationskonzept' })).toHaveAttribute(
      'href',
      'https://www.lindenau-am-see.example/integrationskonzept',
    );

    const participation = screen.getByRole('region', { name: 'Teilhabe und Mitwirkung' });
    expect(within(participation).getByText('Ergebnis: 38 %')).toBeInTheDocument();
    expect(rowsOf(participation)).toEqual([
      '2.1 Ein Integrationsbeirat wird beteiligt | 3 – etabliert | kein Kommentar',
      '2.2 Beteiligung erreicht auch Eingewanderte | 0 – noch nicht angegangen | „Darüber möchten wir im Workshop sprechen.“',
    ]);
  });

  it('prints the handout with the browser’s print dialog, marking the page so that only the handout is printed', async () => {
    const user = userEvent.setup();
    const marked: boolean[] = [];
    const print = vi.spyOn(window, 'print').mockImplementation(() => {
      marked.push(document.documentElement.classList.contains('print-handout'));
    });
    openPage('m-lindenau', apiWith([FIRST]));
    await user.click(await screen.findByRole('button', { name: 'Als Handout drucken' }));

    expect(print).toHaveBeenCalledOnce();
    expect(marked).toEqual([true]);
    // The printed page names the municipality and what it shows.
    const handout = screen.getByText('Handout zum Selbstcheck').closest('.handout');
    expect(handout).toHaveTextContent('Lindenau am See');
    expect(handout).toHaveTextContent('1. Selbstcheck, abgeschickt am 14.09.2026');
    fireEvent(window, new Event('afterprint'));
    expect(document.documentElement).not.toHaveClass('print-handout');
  });

  it('with two rounds shows the latest, the change per field since the first, and the first round on request', async () => {
    const user = userEvent.setup();
    openPage('m-lindenau', apiWith([FIRST, SECOND]));
    const choice = await screen.findByRole('group', { name: 'Welche Runde?' });
    expect(within(choice).getByRole('radio', { name: '2. Selbstcheck, abgeschickt am 20.01.2027' })).toBeChecked();

    const governance = screen.getByRole('region', { name: 'Strategie und Steuerung' });
    expect(within(governance).getByText('Ergebnis: 75 %')).toBeInTheDocument();
    expect(within(governance).getByText('1. Selbstcheck: 50 %')).toBeInTheDocument();
    expect(within(governance).getByText('Veränderung: +25 Prozentpunkte')).toBeInTheDocument();
    expect(rowsOf(governance)[0]).toBe(
      '1.1 Ein beschlossenes Konzept liegt vor | 3 – etabliertvorher: 2 – geplant oder begonnen | „Der Rat hat das Konzept im Dezember beschlossen.“',
    );
    const participation = screen.getByRole('region', { name: 'Teilhabe und Mitwirkung' });
    expect(within(participation).getByText('Veränderung: +25 Prozentpunkte')).toBeInTheDocument();

    await user.click(within(choice).getByRole('radio', { name: '1. Selbstcheck, abgeschickt am 14.09.2026' }));
    const first = screen.getByRole('region', { name: 'Strategie und Steuerung' });
    expect(within(first).getByText('Ergebnis: 50 %')).toBeInTheDocument();
    expect(within(first).queryByText(/^Veränderung/)).toBeNull();
    expect(rowsOf(first)[0]).toMatch(/^1\.1 Ein beschlossenes Konzept liegt vor \| 2 – geplant oder begonnen \| „Der Entwurf/);
  });

  it('shows the municipality’s facilitator the answers and comments before the workshop', async () => {
    // Markt Auerbach: the first round is in, the workshop is planned; Dr. Miriam Albers accompanies it.
    openPage('m-auerbach', createStubApi({ latencyMs: 0, role: 'facilitator' }));
    expect(await screen.findByRole('heading', { name: 'Antworten und Kommentare' })).toBeInTheDocument();
    expect(screen.getAllByRole('region', { name: /./ }).filter((r) => r.classList.contains('handout__field'))).toHaveLength(7);
    expect(screen.getByRole('button', { name: 'Als Handout drucken' })).toBeInTheDocument();
    expect(screen.getAllByText(/^„.+“$/).length).toBeGreaterThan(0);
  });

  it('shows a funder no municipality page, so no answers either', async () => {
    openPage('m-auerbach', createStubApi({ latencyMs: 0, role: 'funder' }));
    expect(await screen.findByText('Diese Kommune gibt es nicht, oder Sie haben keinen Zugriff auf sie.')).toBeInTheDocument();
    expect(screen.queryByRole('heading', { name: 'Antworten und Kommentare' })).toBeNull();
  });

  it('leaves the answers out for a funder even if the page were answered', async () => {
    openPage('m-lindenau', apiWith([FIRST], 'funder'));
    expect(await screen.findByRole('heading', { name: 'Ergebnisse des Selbstchecks' })).toBeInTheDocument();
    expect(screen.queryByRole('heading', { name: 'Antworten und Kommentare' })).toBeNull();
    expect(screen.queryByText(/Sozialausschuss/)).toBeNull();
  });

  it('shows a running first round as progress, without answers', async () => {
    openPage('m-lindenau', createStubApi({ latencyMs: 0 }));
    expect(await screen.findByText('Der erste Selbstcheck ist noch nicht abgeschickt.')).toBeInTheDocument();
    expect(screen.getByText(/^1\. Selbstcheck: läuft seit dem \d\d\.\d\d\.\d{4}, 2 von 21 Indikatoren beantwortet\.$/)).toBeInTheDocument();
    expect(screen.queryByRole('heading', { name: 'Antworten und Kommentare' })).toBeNull();
  });
});
