/**
 * The first element matching `selector` under `start`, looking into every open shadow root (the
 * screens are Lit elements inside Lit elements, so a plain querySelector stops at the first one).
 * An element's own shadow root is searched too.
 */
export function deepQuery(start: ParentNode | null | undefined, selector: string): HTMLElement | undefined {
  if (!start) return undefined;
  const roots: ParentNode[] = [start];
  if (start instanceof Element && start.shadowRoot) roots.push(start.shadowRoot);
  for (let current = roots.shift(); current; current = roots.shift()) {
    const found = current.querySelector<HTMLElement>(selector);
    if (found) return found;
    for (const element of current.querySelectorAll('*')) if (element.shadowRoot) roots.push(element.shadowRoot);
  }
  return undefined;
}
