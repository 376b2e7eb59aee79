import { describe, expect, it } from 'vitest';
import { aboutDuration, formatDuration, remainingSeconds, rounds, runSeconds } from './estimate';

describe('run estimate', () => {
  const shape = { width: 480, height: 360, tile: 128, overlap: 16, workers: 2 };

  it('counts the tiler’s tiles in rounds of the workers', () => {
    expect(rounds({ ...shape, workers: 1 })).toBe(20); // 5 × 4 tiles
    expect(rounds(shape)).toBe(10);
    expect(rounds({ ...shape, workers: 3 })).toBe(7);
    expect(rounds({ ...shape, width: 60, height: 40 })).toBe(1);
  });

  it('adds every chosen model', () => {
    expect(runSeconds(shape, [0.5])).toBeCloseTo(5);
    expect(runSeconds(shape, [0.5, 0.7])).toBeCloseTo(12);
  });

  it('counts the models still to come in the remaining time', () => {
    const p = { done: 5, total: 20, elapsedMs: 10_000 }; // 2 s a tile
    expect(remainingSeconds(p, 0)).toBeCloseTo(30);
    expect(remainingSeconds(p, 1)).toBeCloseTo(70);
    expect(remainingSeconds({ done: 20, total: 20, elapsedMs: 40_000 }, 1)).toBeCloseTo(40); // hand-over
    expect(remainingSeconds({ ...p, done: 0 }, 1)).toBeNull();
  });

  it('says durations plainly', () => {
    expect(formatDuration(0.4)).toBe('under a second');
    expect(formatDuration(42.4)).toBe('42 s');
    expect(formatDuration(600)).toBe('10 min');
    expect(formatDuration(3900)).toBe('65 min');
    expect(formatDuration(6000)).toBe('1 h 40 min');
  });

  it('says "about" only before a number', () => {
    expect(aboutDuration(0.4)).toBe('under a second');
    expect(aboutDuration(42.4)).toBe('about 42 s');
    expect(aboutDuration(600)).toBe('about 10 min');
  });
});
