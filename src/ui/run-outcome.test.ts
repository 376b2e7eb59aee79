import { describe, expect, it } from 'vitest';
import type { RunResult } from './store/job-slice';
import { failureMessage, outcomeOf, refused } from './run-outcome';

const result = (norm: 'iln' | 'ln') => ({ norm }) as RunResult;

describe('a run outcome', () => {
  it('is done with every result the work added', async () => {
    const outcome = await outcomeOf(
      async (add) => {
        add(result('iln'));
        add(result('ln'));
      },
      () => 1,
    );
    expect(outcome.status).toBe('done');
    expect(outcome.results.map((r) => r.norm)).toEqual(['iln', 'ln']);
  });

  it('is cancelled on an AbortError, keeping the results made before it', async () => {
    const outcome = await outcomeOf(
      async (add) => {
        add(result('iln'));
        throw new DOMException('Aborted', 'AbortError');
      },
      () => 1,
    );
    expect(outcome).toEqual({ status: 'cancelled', results: [result('iln')] });
  });

  it('fails with the error message as the user reads it', async () => {
    const outcome = await outcomeOf(
      async () => {
        throw new Error('The model files do not match');
      },
      () => 1,
    );
    expect(outcome).toEqual({
      status: 'failed',
      message: 'The model files do not match',
      results: [],
    });
  });

  it('speaks of memory only for an allocation that failed', () => {
    expect(failureMessage(new RangeError('Array buffer allocation failed'), 96)).toBe(
      'This browser could not hold the 96 MB result in memory. Downscale the image (or close other tabs) and try again.',
    );
    expect(failureMessage(new RangeError('Invalid typed array length: 4294967296'), 5)).toMatch(
      /could not hold the 5 MB result/,
    );
    expect(failureMessage(new RangeError('offset is out of bounds'), 96)).toBe(
      'offset is out of bounds',
    );
  });

  it('a refused run has its reason and no results', () => {
    expect(refused('Open an image first.')).toEqual({
      status: 'failed',
      message: 'Open an image first.',
      results: [],
    });
  });
});
