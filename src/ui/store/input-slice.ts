import type { StateCreator } from 'zustand';
import type { DecodedImage } from '../image/decode';
import type { Diagnosis } from '../../shared/diagnose/diagnose';

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
  /** What the opened file looks like and the steps that restore it; null for a made image. */
  diagnosis: Diagnosis | null;
  /** A new image: its diagnosis, when it is a file's (a made image has none). */
  setOriginal: (img: DecodedImage, diagnosis?: Diagnosis) => void;
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
  diagnosis: null,
  setOriginal: (img, diagnosis) =>
    set({
      original: img,
      source: img,
      reference: null,
      inputError: null,
      diagnosis: diagnosis ?? null,
    }),
  setSource: (source, reference) => set({ source, reference }),
  setInputError: (message) => set({ inputError: message }),
  setPrevious: (img) => set({ previous: img }),
});
