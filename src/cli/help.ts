/** The options of `npm run restore` and `npm run eval`, and what `--help` prints for them (a
 * test checks that every option is explained). */
import type { ParseArgsConfig } from 'node:util';

type Options = NonNullable<ParseArgsConfig['options']>;
const text = { type: 'string' } as const;

export const RESTORE_OPTIONS = {
  output: { type: 'string', short: 'o' },
  task: text,
  norm: text,
  tile: text,
  overlap: text,
  models: text,
  variant: text,
  strength: text,
} as const satisfies Options;

export const EVAL_OPTIONS = {
  task: text,
  norm: text,
  set: text,
  data: text,
  tile: text,
  sigma: text,
  quality: text,
  limit: text,
  json: text,
  models: text,
  inputs: text,
  clean: { type: 'boolean' },
  pairs: text,
  variant: text,
} as const satisfies Options;

export const DIAGNOSE_OPTIONS = {
  json: text,
} as const satisfies Options;

export const RESTORE_HELP = `Restore photos with a trained network, on this machine (tfjs wasm).

usage: npm run restore -- <image ...> --task <task> [options]

  <image ...>          PNG, JPEG (incl. CMYK), WebP, BMP or TIFF; several run one after another
                       on one loaded model
  --task <task>        sr-x2 | sr-x4 (super-resolution), denoise, dejpeg (JPEG artifacts), derain,
                       or auto: the steps npm run diagnose suggests for each image, in order
                       (an image that needs nothing is left alone)
  --norm iln|ln        which network of the pair (default iln)
  --variant <v>        photo (trained on what phone and web photos carry; the default where one
                       exists) | benchmark (the paper's setting)
  -o, --output <path>  out.png or out.jpg (JPEG quality 95) for one image, or an existing folder;
                       default: beside each image, e.g. photo.sr-x2-photo.iln.png
  --strength <0-100>   same-size tasks: percent of the result blended with the input (default 100)
  --tile <px>          tile side (0: the whole image at once)
  --overlap <px>       overlap between tiles (their seams are blended)
  --models <dir>       where the models are (default models/)
  -h, --help           this text

The output keeps the input's EXIF (date, camera, location; marked upright), ICC colour profile
and transparency. Outputs are checked before the model loads; an image that cannot be read is
reported and the rest go on.`;

export const EVAL_HELP = `Score a model: PSNR and SSIM against the clean images, with the bicubic (or input) baseline.

usage: npm run eval -- --task <task> (--set <set> | --pairs <dir>) [options]

  --task <task>        sr-x2 | sr-x4 | denoise | dejpeg | derain
  --set <set>          a folder of clean images, or a name under <data>/val (Set5, Kodak24, ...),
                       degraded as training/ degrades it
  --pairs <dir>        real pairs: <dir>/input/X scored against <dir>/target/X (for SR an input as
                       large as its target is first reduced by scale x scale block averages)
  --norm iln|ln        default iln
  --variant <v>        photo | benchmark (default: photo where one exists)
  --sigma <s>          denoise: Gaussian noise sigma on the 0-255 scale (default 25)
  --quality <q>        dejpeg: JPEG quality (default 20)
  --clean              same-size tasks: the clean image in, scored against itself
  --inputs <dir>       the degraded inputs saved by python -m training.evaluate --save-inputs
  --limit <n>          the first n images only
  --tile <px>          tile side (0: whole image)
  --data <dir>         the datasets folder (default ../shared/datasets)
  --models <dir>       default models/
  --json <file>        write the per-image scores and the means
  -h, --help           this text`;

export const DIAGNOSE_HELP = `Say what each image needs: the quality of its last JPEG save (from its tables),
blocking left by an earlier save, its noise and size, and the steps that restore it.

usage: npm run diagnose -- <image ...> [--json out.json]

  <image ...>          PNG, JPEG, WebP, BMP or TIFF
  --json <file>        also write [{file, width, height, jpegQuality, blockiness, noiseSigma,
                       suggested}] (suggested: task names in order, [] for nothing to restore)
  -h, --help           this text

Each line: the size, the JPEG quality (of the last save), the blocking strength (0: no 8-px grid;
above 0.3 worth removing), the noise sigma (0-255 scale; above 3 worth removing), then the steps
by task name (dejpeg, denoise, sr-x2, sr-x4) or none. Rain is not detected: choose derain yourself.
npm run restore -- <image> --task auto runs the suggested steps.`;

/** Whether the arguments ask for the help text (checked before anything else). */
export const helpAsked = (argv = process.argv.slice(2)) =>
  argv.some((a) => a === '-h' || a === '--help');
