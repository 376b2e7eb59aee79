import type { StateCreator } from 'zustand';
import type { DecodedImage } from '../image/decode';

export interface InputSlice {
  /** The image as the user gave it. */
  original: DecodedImage | null;
  /** What the network restores: the original, or its degraded copy. */
  source: DecodedImage | null;
  /** The clean image to score against (only after "degrade it first"). */
  reference: DecodedImage | null;
  inputError: string | null;
  /** The image a result replaced (Use as input), to go back to; null after a new file. */
  previous: DecodedImage | null;
  setOriginal: (img: DecodedImage) => void;
  setSource: (source: DecodedImage, reference: DecodedImage | null) => void;
  setInputError: (message: string | null) => void;
  setPrevious: (img: DecodedImage | null) => void;
}

export const createInputSlice: StateCreator<InputSlice, [], [], InputSlice> = (set) => ({
  original: null,
  source: null,
  reference: null,
  inputError: null,
  previous: null,
  setOriginal: (img) => set({ original: img, source: img, reference: null, inputError: null }),
  setSource: (source, reference) => set({ source, reference }),
  setInputError: (message) => set({ inputError: message }),
  setPrevious: (img) => set({ previous: img }),
});
