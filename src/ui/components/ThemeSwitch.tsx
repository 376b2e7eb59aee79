/** The header's theme switch: the system's, light or dark, remembered (theme.ts). */
import { useState } from 'react';
import { chooseTheme, storedTheme, THEMES, type Theme } from '../theme';

const LABEL: Record<Theme, string> = { system: 'Theme: system', light: 'Light', dark: 'Dark' };

export function ThemeSwitch() {
  const [theme, setTheme] = useState(storedTheme);
  return (
    <select
      className="theme"
      aria-label="Colour theme"
      value={theme}
      data-testid="theme"
      onChange={(e) => {
        const next = e.target.value as Theme;
        chooseTheme(next);
        setTheme(next);
      }}
    >
      {THEMES.map((t) => (
        <option key={t} value={t}>
          {LABEL[t]}
        </option>
      ))}
    </select>
  );
}
