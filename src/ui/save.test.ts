import { beforeEach, describe, expect, it } from 'vitest';
import { installMemoryStorage } from './memory-storage.test-helper';
import { downloadName, formatFor, storedSaveFormat, storeSaveFormat } from './save';

describe('save format', () => {
  let stored: Map<string, string>;
  beforeEach(() => void (stored = installMemoryStorage()));

  it('is PNG until the user picks JPEG, and remembers the pick', () => {
    expect(storedSaveFormat()).toBe('png');
    storeSaveFormat('jpeg');
    expect(storedSaveFormat()).toBe('jpeg');
    storeSaveFormat('png');
    expect(storedSaveFormat()).toBe('png');
    stored.set('iln-restore:save-as', 'gif'); // a value from elsewhere: the default, not it
    expect(storedSaveFormat()).toBe('png');
  });

  it('keeps an image with transparency PNG whatever was picked', () => {
    expect(formatFor('jpeg', false)).toBe('jpeg');
    expect(formatFor('jpeg', true)).toBe('png');
    expect(formatFor('png', false)).toBe('png');
  });

  it('names a JPEG download .jpg', () => {
    expect(downloadName('IMG_1.HEIC.jpg', 'denoise', 'iln', 'photo', 'jpeg')).toBe(
      'IMG_1.HEIC.denoise-photo.iln.jpg',
    );
    expect(downloadName('scan.png', 'sr-x2', 'ln', 'benchmark')).toBe('scan.sr-x2.ln.png');
    // a chain (Restore as suggested) names every step
    expect(downloadName('cat.jpg', ['dejpeg', 'sr-x2'], 'iln', 'photo')).toBe(
      'cat.dejpeg-photo+sr-x2-photo.iln.png',
    );
  });
});
