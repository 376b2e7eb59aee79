/** The tasks as the engine and the command line see them, read from src/shared/tasks.json
 * (which training/tasks.py reads too, so the two cannot drift). */
import type { MetricSpace } from './metrics';
import { TASKS, type TaskName } from './constants';
import shared from '../shared/tasks.json';

export interface TaskInfo {
  name: TaskName;
  label: string;
  scale: number;
  space: MetricSpace;
  valSets: string[];
}

/** The shared file's record of a task (tasks.json). */
export interface SharedTask {
  label: string;
  description: string;
  scale: number;
  metric_space: MetricSpace;
  val_sets: string[];
  photo_case?: { set: string; degrade: { downscale?: string; sigma?: number; quality: number } };
}

export const SHARED_TASKS = shared.tasks as Record<string, SharedTask>;

function taskFromShared(name: TaskName): TaskInfo {
  const t = SHARED_TASKS[name];
  if (!t) throw new Error(`src/shared/tasks.json has no task "${name}"`);
  return { name, label: t.label, scale: t.scale, space: t.metric_space, valSets: t.val_sets };
}

export const TASK_INFO = Object.fromEntries(TASKS.map((t) => [t, taskFromShared(t)])) as Record<
  TaskName,
  TaskInfo
>;

export function taskInfo(name: string): TaskInfo {
  if (!(TASKS as readonly string[]).includes(name)) {
    throw new Error(`unknown task "${name}"; expected one of ${TASKS.join(', ')}`);
  }
  return TASK_INFO[name as TaskName];
}
