/** What an image needs, from measurements: the quality of its last JPEG save (its tables), the
 * blocking an earlier save left (its pixels), its noise and its size, turned into the steps to
 * run (the result of each the input of the next) and one sentence a newcomer can act on. The
 * thresholds were chosen on a labelled set made from Kodak24 and PolyU (models/NOTES.md,
 * "Diagnosis"), where they pick the right steps for the share of images reported there.
 * Made by python -m training.diagnose_set (make, sweep) and npm run diagnose. Rain
 * cannot be told from these measures: deraining stays the user's choice. */
import type { TaskName } from '../../engine/constants';
import { jpegQuality } from './jpeg-tables';
import { blockiness, centralLuma, noiseSigma } from './measures';

/** Noise above this σ (0–255) is worth removing: most clean photos read 1–3, film grain and
 * dense texture up to 5. A thumbnail's texture is denser still: its threshold is higher. */
export const NOISY_SIGMA = 4.5;
export const NOISY_SIGMA_SMALL = 12;
/** Blocking above this strength is worth removing (one save at q≈60 reads about this). */
export const BLOCKY = 0.3;
/** A last save at or below this quality leaves artifacts even where its blocks hide in texture. */
export const LOW_QUALITY = 55;
/** At or below this quality no fine noise survives the save: what reads as noise is the JPEG's
 * ringing, so only noise as strong as a thumbnail's threshold counts. */
export const HEAVY_QUALITY = 30;
/** Longest sides at or below which an image is a thumbnail: ×4 below the first, ×2 below the second. */
export const X4_SIDE = 256;
export const X2_SIDE = 500;
/** Blocking strength of one save at each quality (median over Kodak24, Pillow 4:2:0): how a
 * blocking strength is read as "blocks of about quality q" (models/NOTES.md, "Diagnosis"). */
const STRENGTH_BY_QUALITY: [number, number][] = [
  [10, 1.462],
  [20, 0.798],
  [30, 0.579],
  [40, 0.457],
  [50, 0.387],
  [60, 0.325],
  [70, 0.243],
  [80, 0.181],
  [90, 0.115],
];

export interface Measures {
  width: number;
  height: number;
  /** the last save's quality (its tables), null for a file that is not a JPEG */
  jpegQuality: number | null;
  /** the 8-px grid's edge energy (measures.ts), 0: none */
  blockiness: number;
  /** the noise's σ on the 0–255 scale */
  noiseSigma: number;
}

export interface Diagnosis extends Measures {
  /** the steps to run in order; empty: nothing to restore */
  suggested: TaskName[];
  /** one sentence: what the image looks like and what to do */
  summary: string;
}

/** Measures the pixels (RGB or RGBA, 8 bits) and, when given, the file's bytes. */
export function measure(
  pixels: ArrayLike<number>,
  width: number,
  height: number,
  channels: 3 | 4,
  fileBytes?: Uint8Array,
): Measures {
  const luma = centralLuma(pixels, width, height, channels);
  const grid = blockiness(luma);
  return {
    width,
    height,
    jpegQuality: fileBytes ? jpegQuality(fileBytes) : null,
    blockiness: round(grid.strength, 3),
    noiseSigma: round(noiseSigma(luma), 2),
  };
}

/** The quality whose single save leaves this blocking strength (interpolated). */
export function blockQuality(strength: number): number {
  const table = STRENGTH_BY_QUALITY;
  if (strength >= table[0]![1]) return table[0]![0];
  for (let k = 1; k < table.length; k++) {
    const [q1, s1] = table[k]!;
    const [q0, s0] = table[k - 1]!;
    if (strength >= s1) return Math.round(q0 + ((q1 - q0) * (s0 - strength)) / (s0 - s1));
  }
  return table[table.length - 1]![0];
}

/** The σ above which noise is worth removing, for this image's size and last save. */
export function noiseThreshold(m: Measures): number {
  const small = Math.max(m.width, m.height) <= X2_SIDE;
  const heavy = m.jpegQuality !== null && m.jpegQuality <= HEAVY_QUALITY;
  return small || heavy ? NOISY_SIGMA_SMALL : NOISY_SIGMA;
}

/** Noise worth removing: above the threshold, and not under visible blocks. */
export function noisy(m: Measures): boolean {
  return m.noiseSigma >= noiseThreshold(m) && m.blockiness < BLOCKY;
}

/** The scale step an image's size asks for, if any. */
function scaleStep(m: Measures): TaskName | null {
  const side = Math.max(m.width, m.height);
  return side <= X4_SIDE ? 'sr-x4' : side <= X2_SIDE ? 'sr-x2' : null;
}

export function compressed(m: Measures): boolean {
  return m.blockiness >= BLOCKY || (m.jpegQuality !== null && m.jpegQuality <= LOW_QUALITY);
}

export function suggest(m: Measures): TaskName[] {
  const steps: TaskName[] = [];
  const scale = scaleStep(m);
  // denoise's photo model also removes the JPEG of a noisy photo: one step, not two. Where a
  // save left visible blocks it also removed the fine noise: what reads as noise there is
  // texture and ringing, and the blocks are what to remove. The photo SR models remove a
  // thumbnail's blocks better alone than after JPEG artifacts (Kodak24 thumbnails saved at q35,
  // re-saved at q90: ×2 +0.61 dB against +0.56, ×4 +0.40 against +0.38; at q70 ×2 +0.89 against
  // +0.50, ×4 +0.54 against +0.33; models/NOTES.md).
  if (noisy(m)) steps.push('denoise');
  else if (compressed(m) && !scale) steps.push('dejpeg');
  if (scale) steps.push(scale);
  return steps;
}

const STEP_NAMES: Record<TaskName, string> = {
  'sr-x2': '×2',
  'sr-x4': '×4',
  denoise: 'Denoise',
  dejpeg: 'JPEG artifacts',
  derain: 'Derain',
};

export function stepNames(steps: TaskName[]): string {
  return steps.map((s, i) => (i === 0 ? STEP_NAMES[s] : `then ${STEP_NAMES[s]}`)).join(', ');
}

function history(m: Measures): string {
  const blocky = m.blockiness >= BLOCKY;
  const blocks = `blocks of about quality ${blockQuality(m.blockiness)}`;
  if (m.jpegQuality === null)
    return blocky ? `an image once saved as JPEG (${blocks})` : 'an image';
  if (blocky && blockQuality(m.blockiness) < m.jpegQuality - 15)
    // a high last save over strong blocks: an earlier save; at middling qualities the camera's
    // noise quantized by that save leaves such blocks too (PolyU at q=75)
    return m.jpegQuality >= 85
      ? `a JPEG re-saved over heavy compression (${blocks})`
      : `a JPEG saved at quality ${m.jpegQuality} over heavier compression or noise (${blocks})`;
  return `a JPEG saved at quality ${m.jpegQuality}${blocky ? ' (visible blocks)' : ''}`;
}

/** The noise phrase with its comma; none under visible blocks, where it cannot be told apart. */
function noise(m: Measures): string {
  if (noisy(m))
    return `, ${m.noiseSigma < 8 ? 'some' : 'heavy'} noise (σ ≈ ${Math.round(m.noiseSigma)})`;
  return m.noiseSigma < noiseThreshold(m) ? ', little noise' : '';
}

export function describe(m: Measures, steps: TaskName[]): string {
  const size = `${m.width}×${m.height} px`;
  if (steps.length === 0)
    return `Looks clean: nothing to restore (${history(m)}${noise(m)}, ${size}).`;
  const alone = compressed(m) && steps.length === 1 && steps[0]!.startsWith('sr-');
  const why = alone ? ' (its photo model removes the blocks as it enlarges)' : '';
  return `Looks like: ${history(m)}${noise(m)}, ${size}. Suggested: ${stepNames(steps)}${why}.`;
}

export function diagnose(m: Measures): Diagnosis {
  const suggested = suggest(m);
  return { ...m, suggested, summary: describe(m, suggested) };
}

function round(v: number, digits: number): number {
  const f = 10 ** digits;
  return Math.round(v * f) / f;
}
