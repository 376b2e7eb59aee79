import { useEffect, useRef } from 'react';
import { thumbnail } from '../image/thumbnail';

/** A canvas with a downscaled copy of `image` (at most `max` device pixels a side). */
export function Thumbnail({
  image,
  max,
  label,
  testId,
}: {
  image: { rgba: Uint8ClampedArray; width: number; height: number };
  max: number;
  label: string;
  testId?: string;
}) {
  const ref = useRef<HTMLCanvasElement>(null);
  useEffect(() => {
    let live = true;
    void thumbnail(image, max).then((bitmap) => {
      const canvas = ref.current;
      if (live && canvas) {
        canvas.width = bitmap.width;
        canvas.height = bitmap.height;
        canvas.getContext('2d')?.drawImage(bitmap, 0, 0);
      }
      bitmap.close();
    });
    return () => {
      live = false;
    };
  }, [image, max]);
  return (
    <canvas ref={ref} className="thumbnail" role="img" aria-label={label} data-testid={testId} />
  );
}
