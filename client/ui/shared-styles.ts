/** Styles every screen shares: readable on a cheap phone in sunlight, large touch targets. */
import { css } from 'lit';

/**
 * Off the screen, still read by screen readers: not `display: none` or `visibility: hidden`,
 * which take it from them too. Clipped to nothing in place rather than moved away, so focus or a
 * live region never scrolls the page to it.
 */
const visuallyHiddenRules = css`
  position: absolute;
  width: 1px;
  height: 1px;
  padding: 0;
  margin: -1px;
  overflow: hidden;
  clip: rect(0 0 0 0);
  clip-path: inset(50%);
  white-space: nowrap;
  border: 0;
`;

export const sharedStyles = css`
  :host {
    display: block;
    font-family: system-ui, -apple-system, 'Segoe UI', Roboto, sans-serif;
    color: #1b1f24;
  }
  button {
    font: inherit;
    min-height: 44px;
    padding: 0 16px;
    border-radius: 8px;
    border: 1px solid #0b5cad;
    background: #0b5cad;
    color: white;
    cursor: pointer;
  }
  button.secondary {
    background: white;
    color: #0b5cad;
  }
  button:disabled {
    opacity: 0.6;
    cursor: progress;
  }
  input, select, textarea {
    font: inherit;
    box-sizing: border-box;
    width: 100%;
    min-height: 44px;
    padding: 8px 10px;
    border: 1px solid #8a939c;
    border-radius: 6px;
    background: white;
  }
  .error {
    color: #a4161a;
  }
  h1, h2 {
    line-height: 1.2;
  }
  /* A screen's heading takes focus after each screen change, so screen readers start there; it
     is not a control, and a ring around it reads as one. */
  [tabindex='-1']:focus {
    outline: none;
  }
  /* A live region, or words the eye gets from an icon or the layout. */
  .visually-hidden {
    ${visuallyHiddenRules}
  }
  /* The same on a phone only: words a narrow header has no room for (the sync pill's "online",
     the refused changes' full count); a laptop shows them. */
  @media (max-width: 480px) {
    .visually-hidden-narrow {
      ${visuallyHiddenRules}
    }
  }
`;

/**
 * What the form's fields share (ptsp-form-field, ptsp-group-field, ptsp-address-field, and the
 * label parts of ptsp-document-field and ptsp-kind-section): the label, the "required" mark, the
 * example under it, the red edge of a field with a problem, and the frame around a field made of
 * parts (an address, one item of a list).
 */
export const fieldStyles = css`
  fieldset.parts { border: 1px solid #c5ccd3; border-radius: 8px; padding: 8px 12px 12px; margin: 0; display: grid; gap: 12px; }
  fieldset.parts legend { padding: 0 4px; }
  .label { font-weight: 600; }
  .required { color: #a4161a; font-weight: normal; font-size: 0.85rem; }
  .example { color: #52606d; font-size: 0.85rem; }
  [aria-invalid='true'] { border-color: #a4161a; }
`;
