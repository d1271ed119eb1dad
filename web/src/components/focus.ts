// Focus after client-side navigation: the layout asks for it when the path changes; the
// page heading takes it once it is rendered (pages load lazily, so it may come later).

let pending = false;

export function requestHeadingFocus(): void {
  const heading = document.querySelector<HTMLElement>('main h1');
  if (heading) {
    heading.focus();
    pending = false;
  } else {
    pending = true;
    document.getElementById('main')?.focus();
  }
}

/** Called by the page heading when it mounts. */
export function takeHeadingFocus(heading: HTMLElement | null): void {
  if (pending && heading) {
    pending = false;
    heading.focus();
  }
}
