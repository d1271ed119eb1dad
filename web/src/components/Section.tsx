import type { ReactNode } from 'react';

/** A page section with its own <h2>, reachable by `#id`. */
export function Section({ id, title, children, className }: { id: string; title: string; children: ReactNode; className?: string }) {
  return (
    <section id={id} aria-labelledby={`${id}-title`} className={['section', className].filter(Boolean).join(' ')}>
      <h2 id={`${id}-title`}>{title}</h2>
      {children}
    </section>
  );
}
