// Types for soglasie's page API: `window.soglasie` and its events on `document`.
// The contract is the same as the README's "JavaScript API".

/** `window.soglasie.consent()` and the `detail` of `soglasie:ready` / `soglasie:change`. */
export interface SoglasieConsent {
  /** The visitor decided (for the current policy). */
  decided: boolean;
  /** Allowed categories: always `necessary` first, then the allowed optional ones. */
  categories: string[];
  /** The current policy hash (`""` before `ready`). */
  policy: string;
  /** When the decision was made, ISO-8601 UTC. */
  at: string | null;
  /** The random consent id kept in the cookie. */
  id: string | null;
  /** This page is about an illness: its held categories do not run here. */
  sensitive: boolean;
}

export interface Soglasie {
  /** Resolves once the config and the stored choice are read (or a fatal fault was logged);
   * never rejects. */
  readonly ready: Promise<void>;
  consent(): SoglasieConsent;
  /** `"all"`, or exactly these categories (plus `necessary`). */
  accept(categories: 'all' | readonly string[]): void;
  /** Only `necessary`. */
  decline(): void;
  /** The banner. */
  show(): void;
  /** The per-category dialog. */
  preferences(): void;
  /** Forgets the choice: the cookie is removed and the banner shown again. */
  reset(): void;
}

declare global {
  interface Window {
    readonly soglasie: Soglasie;
  }
  interface DocumentEventMap {
    'soglasie:ready': CustomEvent<SoglasieConsent>;
    'soglasie:change': CustomEvent<SoglasieConsent>;
  }
}
