import { screen, within } from '@testing-library/react';
import type userEvent from '@testing-library/user-event';

/** The disclosure of one step of the journey (`<details>` with its form), opened. */
export async function openStep(user: ReturnType<typeof userEvent.setup>, title: string) {
  const summary = await screen.findByText(title, { selector: 'summary span' });
  const details = summary.closest('details');
  if (!details) throw new Error(`no step "${title}"`);
  if (!details.open) await user.click(summary);
  return within(details);
}
