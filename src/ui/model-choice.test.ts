import { beforeEach, describe, expect, it } from 'vitest';
import { shipsModels, storedVariant, storeVariant, variantFor, variantsOf } from './model-choice';
import { installMemoryStorage } from './memory-storage.test-helper';
import { downloadName } from './save';

const BOTH = ['denoise-iln', 'denoise-ln', 'denoise-photo-iln', 'denoise-photo-ln', 'derain-iln'];

describe('which model of a task runs', () => {
  it('offers the photo model first where the build ships one, else the benchmark model', () => {
    expect(variantsOf(BOTH, 'denoise')).toEqual(['photo', 'benchmark']);
    expect(variantsOf(BOTH, 'derain')).toEqual(['benchmark']);
    expect(variantsOf(['sr-x2-iln'], 'sr-x2')).toEqual(['benchmark']);
  });

  it('runs the chosen kind where offered and falls back to the benchmark model', () => {
    expect(variantFor(BOTH, 'denoise', 'photo')).toBe('photo');
    expect(variantFor(BOTH, 'denoise', 'benchmark')).toBe('benchmark');
    expect(variantFor(BOTH, 'derain', 'photo')).toBe('benchmark');
  });

  it('needs every chosen norm of that kind', () => {
    expect(shipsModels(BOTH, 'denoise', ['iln', 'ln'], 'photo')).toBe(true);
    expect(shipsModels(['denoise-photo-iln'], 'denoise', ['iln', 'ln'], 'photo')).toBe(false);
  });
});

describe('the remembered choice', () => {
  beforeEach(() => void installMemoryStorage());

  it('is the photo model until the user picks the benchmark model', () => {
    expect(storedVariant()).toBe('photo');
    storeVariant('benchmark');
    expect(storedVariant()).toBe('benchmark');
    storeVariant('photo');
    expect(storedVariant()).toBe('photo');
  });
});

it('names downloads by the kind of model that made them', () => {
  expect(downloadName('photo.jpg', 'sr-x2', 'iln', 'photo')).toBe('photo.sr-x2-photo.iln.png');
  expect(downloadName('photo.jpg', 'sr-x2', 'iln', 'benchmark')).toBe('photo.sr-x2.iln.png');
});
