import { beforeEach, describe, expect, it } from 'vitest';
import { normsFor } from './settings-slice';
import { downloadName } from '../save';
import { useAppStore } from './index';

const initial = useAppStore.getState();
beforeEach(() => useAppStore.setState(initial, true));

const img = (name: string) => ({
  name,
  width: 2,
  height: 1,
  rgba: new Uint8ClampedArray(8),
  hasAlpha: false,
});

describe('store', () => {
  it('a new original replaces the source and clears the reference and the error', () => {
    const s = useAppStore.getState();
    s.setInputError('bad file');
    s.setSource(img('degraded'), img('clean'));
    s.setOriginal(img('new.png'));
    const t = useAppStore.getState();
    expect([t.source?.name, t.reference, t.inputError]).toEqual(['new.png', null, null]);
  });

  it('a job collects one result per norm and ends with a status', () => {
    const s = useAppStore.getState();
    s.startJob();
    s.setJobPhase('running', 'iln');
    s.setTiles({ done: 1, total: 4, elapsedMs: 10 });
    s.addResult({
      norm: 'iln',
      variant: 'photo',
      width: 4,
      height: 2,
      rgba: new Uint8ClampedArray(32),
      ms: 5,
      backend: 'cpu',
      workers: 1,
      psnr: null,
      ssim: null,
    });
    s.finishJob('done');
    const t = useAppStore.getState();
    expect(t.jobStatus).toBe('done');
    expect(Object.keys(t.results)).toEqual(['iln']);
    expect([t.tiles, t.activeNorm]).toEqual([null, null]);
  });

  it('the view clamps the slider and zoom, and resets', () => {
    const s = useAppStore.getState();
    s.setSplit(1.7);
    expect(useAppStore.getState().split).toBe(1);
    s.setZoom(1000);
    expect(useAppStore.getState().zoom).toBe(32);
    s.setView({ zoom: 2, center: { x: 5, y: 3 } });
    s.setZoom(4); // zooms around the same centre
    expect(useAppStore.getState()).toMatchObject({ zoom: 4, center: { x: 5, y: 3 } });
    s.setFitScale(0.5);
    s.setZoom(0.4); // below fit: fitted again, so the next zoom-in starts from fit
    expect(useAppStore.getState()).toMatchObject({ zoom: null, center: null });
    s.resetView();
    expect(useAppStore.getState()).toMatchObject({ split: 0.5, zoom: null, center: null });
  });
});

describe('actions helpers', () => {
  it('names downloads after the input, the task and the norm', () => {
    expect(downloadName('photo.jpg', 'sr-x2', 'iln')).toBe('photo.sr-x2.iln.png');
    expect(downloadName('holiday.final.png (bicubic ÷2)', 'sr-x2', 'ln')).toBe(
      'holiday.final.sr-x2.ln.png',
    );
  });

  it('runs both norms, i-LN first, for side by side', () => {
    expect(normsFor('both')).toEqual(['iln', 'ln']);
    expect(normsFor('ln')).toEqual(['ln']);
  });
});
