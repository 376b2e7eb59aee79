/** The tasks as the engine and the command line see them (mirrors training/tasks.py). */
import type { MetricSpace } from './metrics';
import { TASKS, type TaskName } from './constants';

export interface TaskInfo {
  name: TaskName;
  label: string;
  scale: number;
  space: MetricSpace;
  valSets: string[];
}

export const TASK_INFO: Record<TaskName, TaskInfo> = {
  'sr-x2': {
    name: 'sr-x2',
    label: 'Super-resolution ×2',
    scale: 2,
    space: 'y',
    valSets: ['Set5', 'Set14'],
  },
  'sr-x4': {
    name: 'sr-x4',
    label: 'Super-resolution ×4',
    scale: 4,
    space: 'y',
    valSets: ['Set5', 'Set14'],
  },
  denoise: {
    name: 'denoise',
    label: 'Denoise',
    scale: 1,
    space: 'rgb',
    valSets: ['CBSD68', 'Kodak24'],
  },
  dejpeg: {
    name: 'dejpeg',
    label: 'JPEG artifacts',
    scale: 1,
    space: 'rgb',
    valSets: ['LIVE1'],
  },
  derain: {
    name: 'derain',
    label: 'Derain',
    scale: 1,
    space: 'y',
    valSets: ['Rain100H'],
  },
};

export function taskInfo(name: string): TaskInfo {
  if (!(TASKS as readonly string[]).includes(name)) {
    throw new Error(`unknown task "${name}"; expected one of ${TASKS.join(', ')}`);
  }
  return TASK_INFO[name as TaskName];
}
