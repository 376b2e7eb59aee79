import { mkdirSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { defaultOutput, planOutputs } from './outputs';

const dir = mkdtempSync(join(tmpdir(), 'outputs-'));
mkdirSync(join(dir, 'sub'));
mkdirSync(join(dir, 'out'));
const name = (input: string) => defaultOutput(input, 'denoise', 'iln', 'photo');

describe('planOutputs', () => {
  it('writes each result beside its image, or into a folder under its own name', () => {
    const inputs = [join(dir, 'a.jpg'), join(dir, 'sub', 'b.png')];
    expect(planOutputs(inputs, undefined, name).map((j) => j.output)).toEqual([
      join(dir, 'a.denoise-photo.iln.png'),
      join(dir, 'sub', 'b.denoise-photo.iln.png'),
    ]);
    expect(planOutputs(inputs, join(dir, 'out'), name).map((j) => j.output)).toEqual([
      join(dir, 'out', 'a.denoise-photo.iln.png'),
      join(dir, 'out', 'b.denoise-photo.iln.png'),
    ]);
    expect(planOutputs([inputs[0]!], join(dir, 'x.jpg'), name)[0]!.output).toBe(join(dir, 'x.jpg'));
  });

  it('refuses two images that would be written to one file, and overwriting an input', () => {
    const clash = [join(dir, 'a.jpg'), join(dir, 'a.png')];
    expect(() => planOutputs(clash, undefined, name)).toThrow(
      `${clash[0]} and ${clash[1]} would both be written to ${join(dir, 'a.denoise-photo.iln.png')}: restore them apart`,
    );
    const twice = [join(dir, 'a.jpg'), join(dir, 'sub', 'a.png')];
    expect(() => planOutputs(twice, join(dir, 'out'), name)).toThrow(/would both be written/);
    const own = join(dir, 'a.png');
    expect(() => planOutputs([own], own, name)).toThrow(`${own}: would overwrite its own input`);
  });

  it('refuses a file name for several images', () => {
    expect(() => planOutputs(['a.png', 'b.png'], join(dir, 'one.png'), name)).toThrow(
      /names one file, but 2 images were given/,
    );
  });
});
