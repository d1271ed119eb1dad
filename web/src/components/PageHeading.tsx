import { useEffect, useRef, type ReactNode } from 'react';
import { takeHeadingFocus } from './focus';
import { usePageTitle } from './usePageTitle';

/**
 * The page's one <h1>. It can take focus (tabIndex -1) so that the layout can move focus
 * here after client-side navigation, and it sets the document title.
 */
export function PageHeading({ title, children }: { title: string; children?: ReactNode }) {
  usePageTitle(title);
  const ref = useRef<HTMLHeadingElement>(null);
  useEffect(() => takeHeadingFocus(ref.current), []);
  return (
    <div className="page-heading">
      <h1 tabIndex={-1} id="page-title" ref={ref}>
        {title}
      </h1>
      {children}
    </div>
  );
}
