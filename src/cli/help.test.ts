import { describe, expect, it } from 'vitest';
import {
  DIAGNOSE_HELP,
  DIAGNOSE_OPTIONS,
  EVAL_HELP,
  EVAL_OPTIONS,
  helpAsked,
  RESTORE_HELP,
  RESTORE_OPTIONS,
} from './help';

describe('--help', () => {
  it.each([
    ['restore', RESTORE_OPTIONS, RESTORE_HELP],
    ['eval', EVAL_OPTIONS, EVAL_HELP],
    ['diagnose', DIAGNOSE_OPTIONS, DIAGNOSE_HELP],
  ] as const)('explains every option of %s', (_, options, help) => {
    for (const name of Object.keys(options)) expect(help).toMatch(new RegExp(`--${name}\\b`));
    expect(help).toMatch(/-h, --help/);
  });

  it('is asked for by -h or --help anywhere in the arguments', () => {
    expect(helpAsked(['photo.jpg', '--help'])).toBe(true);
    expect(helpAsked(['-h'])).toBe(true);
    expect(helpAsked(['photo.jpg', '--task', 'denoise'])).toBe(false);
  });
});
