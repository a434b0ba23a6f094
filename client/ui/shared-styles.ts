/** Styles every screen shares: readable on a cheap phone in sunlight, large touch targets. */
import { css } from 'lit';

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
`;
