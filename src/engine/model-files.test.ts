import { describe, expect, it } from 'vitest';
import { memorySource, readModelFiles, type FileSource } from './model-files';

const bytes = (text: string) => new TextEncoder().encode(text).buffer as ArrayBuffer;

function countingSource(files: Record<string, string>) {
  const reads: string[] = [];
  const source: FileSource = {
    readText: async (p) => new TextDecoder().decode(await source.readBinary(p)),
    readBinary: async (p) => {
      reads.push(p);
      if (!(p in files)) throw new Error(`${p}: file not found`);
      return bytes(files[p]!);
    },
  };
  return { source, reads };
}

describe('readModelFiles', () => {
  it('reads model.json and each weight file it names once, with the version query', async () => {
    const manifest = { weightsManifest: [{ paths: ['a.bin', 'b.bin'] }, { paths: ['a.bin'] }] };
    const { source, reads } = countingSource({
      'm/model.json?v=1': JSON.stringify(manifest),
      'm/a.bin?v=1': 'A',
      'm/b.bin?v=1': 'BB',
    });
    const files = await readModelFiles(source, 'm/model.json?v=1');
    expect(reads).toEqual(['m/model.json?v=1', 'm/a.bin?v=1', 'm/b.bin?v=1']);
    const again = memorySource(files);
    expect(await again.readText('m/b.bin?v=1')).toBe('BB');
    await expect(again.readBinary('m/c.bin?v=1')).rejects.toThrow('m/c.bin?v=1: file not found');
  });

  it('returns a model.json that does not parse alone, for the loader to explain', async () => {
    const { source } = countingSource({ 'model.json': '{ not json' });
    expect(Object.keys(await readModelFiles(source, 'model.json'))).toEqual(['model.json']);
  });

  it('names a missing weight file', async () => {
    const { source } = countingSource({
      'model.json': JSON.stringify({ weightsManifest: [{ paths: ['w.bin'] }] }),
    });
    await expect(readModelFiles(source, 'model.json')).rejects.toThrow('w.bin: file not found');
  });
});
