/** Tile blending in row bands, so memory follows the tile, not the image: float accumulators
 * only for the output rows that tiles still touch, and each row handed to a sink once no later
 * tile can reach it. Blends exactly as TileBlender (same weights, same order per pixel). */
import { rampWeights } from './tiling';

/** Receives finished output rows, top to bottom: `rows` holds `count` rows from row `y`,
 * (count, width, channels) row-major, already normalised by the tile weights. */
export interface RowSink {
  write(rows: Float32Array, y: number, count: number): void;
}

export class BandBlender {
  private sum: Float32Array;
  private weight: Float32Array;
  /** The first output row the accumulators hold; rows above it went to the sink. */
  private top = 0;

  /** `bandRows`: the tallest tile (output rows); tiles must arrive with non-decreasing y. */
  constructor(
    readonly height: number,
    readonly width: number,
    readonly channels: number,
    private overlapOut: number,
    readonly bandRows: number,
    private sink: RowSink,
  ) {
    this.sum = new Float32Array(bandRows * width * channels);
    this.weight = new Float32Array(bandRows * width);
  }

  /** data: (h, w, channels) row-major at output-space (y, x). */
  add(data: Float32Array, y: number, x: number, h: number, w: number): void {
    if (y < this.top)
      throw new Error(`tile at row ${y} arrived after row ${this.top} was finished`);
    if (h > this.bandRows)
      throw new Error(`a tile of ${h} rows exceeds the band (${this.bandRows})`);
    // every tile from here on starts at y or below, so the rows above it are final
    this.flush(y);
    const c = this.channels;
    const wy = rampWeights(h, this.overlapOut, y > 0, y + h < this.height);
    const wx = rampWeights(w, this.overlapOut, x > 0, x + w < this.width);
    for (let i = 0; i < h; i++) {
      const row = (y - this.top + i) * this.width;
      for (let j = 0; j < w; j++) {
        const k = wy[i]! * wx[j]!;
        const p = row + x + j;
        this.weight[p]! += k;
        for (let ch = 0; ch < c; ch++) this.sum[p * c + ch]! += k * data[(i * w + j) * c + ch]!;
      }
    }
  }

  /** Hands every remaining row to the sink; throws if a pixel was never covered. */
  finish(): void {
    this.flush(this.height);
  }

  /** Normalises rows [top, until), writes them to the sink and slides the band down. */
  private flush(until: number): void {
    const count = Math.min(until, this.height) - this.top;
    if (count <= 0) return;
    const c = this.channels;
    const out = new Float32Array(count * this.width * c);
    for (let p = 0; p < count * this.width; p++) {
      const k = this.weight[p]!;
      if (!(k > 0)) {
        const [px, py] = [p % this.width, this.top + Math.floor(p / this.width)];
        throw new Error(`pixel ${px},${py} was not covered by any tile`);
      }
      for (let ch = 0; ch < c; ch++) out[p * c + ch] = this.sum[p * c + ch]! / k;
    }
    this.sink.write(out, this.top, count);
    const kept = this.bandRows - count;
    this.sum.copyWithin(0, count * this.width * c);
    this.sum.fill(0, Math.max(0, kept) * this.width * c);
    this.weight.copyWithin(0, count * this.width);
    this.weight.fill(0, Math.max(0, kept) * this.width);
    this.top += count;
  }
}

/** A sink that keeps the whole RGB image: float32 (small images, tests, the CLI's float
 * paths) or 8 bits per channel, a quarter of the memory, clipped to [0, 1] and rounded half to
 * even (Uint8ClampedArray's rule, as numpy's round). */
export class ImageSink<T extends Float32Array | Uint8ClampedArray> implements RowSink {
  constructor(
    readonly width: number,
    readonly height: number,
    readonly data: T,
  ) {}
  write(rows: Float32Array, y: number): void {
    const offset = y * this.width * 3;
    if (this.data instanceof Float32Array) this.data.set(rows, offset);
    else for (let i = 0; i < rows.length; i++) this.data[offset + i] = rows[i]! * 255;
  }
}

export const floatSink = (width: number, height: number) =>
  new ImageSink(width, height, new Float32Array(width * height * 3));
export const uint8Sink = (width: number, height: number) =>
  new ImageSink(width, height, new Uint8ClampedArray(width * height * 3));

/** A sink that writes RGB rows into an RGBA buffer (alpha 255), the layout a canvas takes: the
 * result can be shown and saved without another full-size copy. */
export class RgbaImageSink implements RowSink {
  readonly data: Uint8ClampedArray;
  constructor(
    readonly width: number,
    readonly height: number,
  ) {
    this.data = new Uint8ClampedArray(width * height * 4);
  }
  write(rows: Float32Array, y: number): void {
    const offset = y * this.width * 4;
    for (let p = 0; p < rows.length / 3; p++) {
      const o = offset + p * 4;
      this.data[o] = rows[p * 3]! * 255;
      this.data[o + 1] = rows[p * 3 + 1]! * 255;
      this.data[o + 2] = rows[p * 3 + 2]! * 255;
      this.data[o + 3] = 255;
    }
  }
}
