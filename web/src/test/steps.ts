import { screen, within } from '@testing-library/react';
import type userEvent from '@testing-library/user-event';

type User = ReturnType<typeof userEvent.setup>;

/** The disclosure of one step of the journey (`<details>` with its form), opened. */
export async function openStep(user: User, title: string) {
  return opened(user, await screen.findByText(title, { selector: 'summary span' }), title);
}

/** The step whose title starts with `prefix` (e.g. goes on with an item's date), opened. */
export async function openStepStarting(user: User, prefix: string) {
  const summary = await screen.findByText(
    (_, el) => el?.matches('summary span') === true && (el.textContent ?? '').startsWith(prefix),
  );
  return opened(user, summary, prefix);
}

async function opened(user: User, summary: HTMLElement, title: string) {
  const details = summary.closest('details');
  if (!details) throw new Error(`no step "${title}"`);
  if (!details.open) await user.click(summary);
  return within(details);
}
