/** Getting an image in: drop anywhere on the page, pick a file, paste, or try a sample. */
import { useEffect, useRef, useState } from 'react';
import { backToPrevious, downscaleToFit, openFile } from '../actions';
import { enqueueFiles } from '../queue';
import { sizeProblem } from '../image/limits';
import { useAppStore, useBusy } from '../store';
import { Thumbnail } from './Thumbnail';
import { DiagnosisLine } from './DiagnosisLine';
import { useTouchScreen } from '../device';

export const SAMPLES = [
  { file: 'samples/lighthouse.png', label: 'Lighthouse (drawn)' },
  { file: 'samples/patterns.png', label: 'Patterns and text' },
];

function filesOf(list: DataTransfer | FileList | null | undefined): File[] {
  if (!list) return [];
  if (list instanceof FileList) return Array.from(list);
  if (list.files.length) return Array.from(list.files);
  return Array.from(list.items ?? [])
    .filter((item) => item.kind === 'file')
    .map((item) => item.getAsFile())
    .filter((f): f is File => !!f);
}

/** One file opens at once; several go to the file list, restored one after another. */
function openFiles(files: File[], fallbackName = 'pasted image.png'): void {
  if (files.length > 1) void enqueueFiles(files.map((file) => ({ name: file.name, file })));
  else if (files[0]) void openFile(files[0], files[0].name || fallbackName);
}

/** Window-wide drop and paste handling, so a drop anywhere on the page works. */
export function useGlobalDropAndPaste(): boolean {
  const [dragging, setDragging] = useState(false);
  useEffect(() => {
    const over = (e: DragEvent) => {
      if (!e.dataTransfer?.types.includes('Files')) return;
      e.preventDefault();
      setDragging(true);
    };
    const leave = (e: DragEvent) => {
      if (!e.relatedTarget) setDragging(false);
    };
    const drop = (e: DragEvent) => {
      e.preventDefault();
      setDragging(false);
      openFiles(filesOf(e.dataTransfer));
    };
    const paste = (e: ClipboardEvent) => {
      openFiles(filesOf(e.clipboardData));
    };
    window.addEventListener('dragover', over);
    window.addEventListener('dragleave', leave);
    window.addEventListener('drop', drop);
    window.addEventListener('paste', paste);
    return () => {
      window.removeEventListener('dragover', over);
      window.removeEventListener('dragleave', leave);
      window.removeEventListener('drop', drop);
      window.removeEventListener('paste', paste);
    };
  }, []);
  return dragging;
}

async function openSample(file: string, label: string) {
  const res = await fetch(file);
  await openFile(await res.blob(), file.split('/').pop() ?? label);
}

/** Flags an image too large for the chosen task as soon as it is loaded, with the fix. */
function SizeWarning() {
  const original = useAppStore((s) => s.original);
  const task = useAppStore((s) => s.task);
  const problem = original && sizeProblem(task, original.width, original.height);
  if (!problem) return null;
  return (
    <div className="warning" role="alert" data-testid="size-problem">
      <p>{problem}</p>
      <button type="button" onClick={() => void downscaleToFit()} data-testid="downscale">
        Downscale to fit
      </button>
    </div>
  );
}

export function InputPanel() {
  const source = useAppStore((s) => s.source);
  const inputError = useAppStore((s) => s.inputError);
  const picker = useRef<HTMLInputElement>(null);
  const touch = useTouchScreen();
  return (
    <section className="panel input-panel" aria-labelledby="input-title">
      <h2 id="input-title">1. Image</h2>
      <p className="hint" data-testid="input-hint">
        {touch
          ? 'Choose a photo (or several: they are restored one after another).'
          : 'Drop an image anywhere on the page, paste one (Ctrl+V), or choose a file; several files are restored one after another.'}{' '}
        PNG, JPEG, WebP, AVIF, BMP, GIF.
      </p>
      <div className="row">
        <button type="button" onClick={() => picker.current?.click()}>
          Choose an image…
        </button>
        <input
          ref={picker}
          type="file"
          accept="image/png,image/jpeg,image/webp,image/avif,image/bmp,image/gif"
          multiple
          hidden
          data-testid="file-input"
          onChange={(e) => {
            openFiles(filesOf(e.target.files));
            e.target.value = '';
          }}
        />
        {SAMPLES.map((s) => (
          <button
            key={s.file}
            type="button"
            className="secondary"
            onClick={() => void openSample(s.file, s.label)}
          >
            {s.label}
          </button>
        ))}
      </div>
      <SizeWarning />
      {inputError && (
        <p className="error" role="alert" data-testid="input-error">
          {inputError}
        </p>
      )}
      {source && (
        <figure className="preview">
          <Thumbnail
            image={source}
            max={480}
            label={`Preview of ${source.name}`}
            testId="preview"
          />
          <figcaption className="meta" data-testid="source-info">
            {source.name}: {source.width}×{source.height}
            {source.hasAlpha ? ', with transparency' : ''}
          </figcaption>
          <BackButton />
        </figure>
      )}
      {source && <DiagnosisLine />}
    </section>
  );
}

/** After Use as input: the way back to the image the result replaced. */
function BackButton() {
  const previous = useAppStore((s) => s.previous);
  const busy = useBusy();
  if (!previous) return null;
  return (
    <button
      type="button"
      className="secondary"
      onClick={() => void backToPrevious()}
      disabled={busy}
      data-testid="input-back"
    >
      Back to {previous.name}
    </button>
  );
}
