import { useEffect, useState } from 'react';

export interface PhotoSize {
  readonly widthPx: number;
  readonly heightPx: number;
}

/** A photo's natural pixel size once the browser has decoded it (undefined until then). */
export function usePhotoSize(url: string | undefined): PhotoSize | undefined {
  const [size, setSize] = useState<{ url: string; size: PhotoSize }>();
  useEffect(() => {
    if (!url) return;
    const image = new Image();
    let live = true;
    image.onload = () => {
      if (live)
        setSize({ url, size: { widthPx: image.naturalWidth, heightPx: image.naturalHeight } });
    };
    image.src = url;
    return () => {
      live = false;
    };
  }, [url]);
  return size && size.url === url ? size.size : undefined;
}
