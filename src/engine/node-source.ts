/** FileSource over the local file system, for the Node command line and tests. */
import { readFile } from 'node:fs/promises';
import type { FileSource } from './model-files';

async function read(path: string): Promise<Buffer> {
  try {
    return await readFile(path);
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    throw new Error(
      `${path}: ${code === 'ENOENT' ? 'file not found' : `cannot be read (${code ?? String(e)})`}`,
    );
  }
}

export const nodeFileSource: FileSource = {
  readText: async (path) => (await read(path)).toString('utf8'),
  readBinary: async (path) => {
    const b = await read(path);
    return b.buffer.slice(b.byteOffset, b.byteOffset + b.byteLength) as ArrayBuffer;
  },
};
