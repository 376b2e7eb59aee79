/** The app's task names and unions against src/shared/tasks.json, the file training/ reads:
 * a task, norm or variant added on one side only fails here. */
import { describe, expect, it } from 'vitest';
import { NORMS, PHOTO_TASKS, TASKS, VARIANTS } from '../engine/constants';
import { TASK_INFO } from '../engine/tasks';
import { PHOTO_CASES } from '../ui/image/degrade';
import shared from './tasks.json';

describe('src/shared/tasks.json', () => {
  it('names the tasks, norms, variants and photo tasks the app types', () => {
    expect(Object.keys(shared.tasks)).toEqual([...TASKS]);
    expect([...shared.norms].sort()).toEqual([...NORMS].sort());
    expect([...shared.variants].sort()).toEqual([...VARIANTS].sort());
    expect(shared.photo_tasks).toEqual([...PHOTO_TASKS]);
  });

  it('gives the engine its scales and metric spaces and the app its photo cases', () => {
    expect(TASK_INFO['sr-x4']).toMatchObject({
      scale: 4,
      space: 'y',
      label: 'Super-resolution ×4',
    });
    expect(TASK_INFO.denoise).toMatchObject({ scale: 1, space: 'rgb' });
    expect(PHOTO_CASES['sr-x2']).toEqual({ sigma: 0, quality: 70 });
    expect(PHOTO_CASES.denoise).toEqual({ sigma: 15, quality: 90 });
    expect(PHOTO_CASES.derain).toEqual({ sigma: 0, quality: 75, rain: true });
  });
});
