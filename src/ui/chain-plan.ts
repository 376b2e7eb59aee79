/** A chain's plan before it runs (pure, unit-tested): each step's share of the work, and whether
 * every step's input fits the app's limits. */
import type { TaskName } from '../engine/constants';
import { TASK_INFO } from '../engine/tasks';
import { sizeProblem } from './image/limits';

/** Each step's share of the chain's work: its output pixels (a step's time follows them). */
export function stepWeights(steps: readonly TaskName[], width: number, height: number): number[] {
  let pixels = width * height;
  const out = steps.map((t) => (pixels *= TASK_INFO[t].scale ** 2));
  const total = out.reduce((a, b) => a + b, 0);
  return out.map((p) => p / total);
}

/** The first step whose input is too large for it, in the sentence a single run would give. */
export function chainSizeProblem(
  steps: readonly TaskName[],
  width: number,
  height: number,
): string | null {
  for (const task of steps) {
    const problem = sizeProblem(task, width, height);
    if (problem) return problem;
    [width, height] = [width * TASK_INFO[task].scale, height * TASK_INFO[task].scale];
  }
  return null;
}
