/** Light, dark, or the system's (prefers-color-scheme): chosen in the header, remembered across
 * visits, applied as html[data-theme] (styles.css holds both palettes). */
import { storeChoice, storedChoice } from './stored-choice';

export const THEMES = ['system', 'light', 'dark'] as const;
export type Theme = (typeof THEMES)[number];
const KEY = 'iln-restore:theme';

export function storedTheme(): Theme {
  return storedChoice(KEY, THEMES, 'system');
}

/** Sets the page's theme (system: the palette follows prefers-color-scheme). */
export function applyTheme(theme: Theme, root: HTMLElement = document.documentElement): void {
  if (theme === 'system') delete root.dataset.theme;
  else root.dataset.theme = theme;
}

export function chooseTheme(theme: Theme): void {
  storeChoice(KEY, theme);
  applyTheme(theme);
}
