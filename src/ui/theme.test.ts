import { expect, it } from 'vitest';
import { installMemoryStorage } from './memory-storage.test-helper';
import { applyTheme, storedTheme } from './theme';

it('applies a chosen theme to the page and follows the system without one', () => {
  const root = { dataset: {} as DOMStringMap } as HTMLElement;
  applyTheme('dark', root);
  expect(root.dataset.theme).toBe('dark');
  applyTheme('system', root);
  expect(root.dataset.theme).toBeUndefined();
});

it('remembers the choice, and falls back to the system for anything else', () => {
  const entries = installMemoryStorage();
  expect(storedTheme()).toBe('system');
  entries.set('iln-restore:theme', 'light');
  expect(storedTheme()).toBe('light');
  entries.set('iln-restore:theme', 'sepia');
  expect(storedTheme()).toBe('system');
});
