import { BadRequestException, Injectable } from '@nestjs/common';
import type { Sharp } from 'sharp';

/** sharp (libvips) is loaded on the first image, not at start: most processes never touch one. */
let sharpModule: Promise<typeof import('sharp')> | undefined;
const loadSharp = async () => (await (sharpModule ??= import('sharp'))).default;

/** An image larger than this many pixels is refused before it is decoded (pixel-flood defence). */
export const MAX_INPUT_PIXELS = 40_000_000;

export interface ProcessedImage {
  buffer: Buffer;
  mime: string;
  ext: string;
  width: number;
  height: number;
}

/**
 * Re-encodes uploaded images: decoding proves the file is the image it claims
 * to be (a polyglot does not survive), EXIF orientation is applied and all
 * metadata — including GPS — is dropped, and the size is bounded.
 */
@Injectable()
export class ImageProcessor {
  /** The image re-encoded in its own format, at most `maxSide` pixels on its longer side. */
  async normalize(input: Buffer, mime: string, maxSide = 2560): Promise<ProcessedImage> {
    const pipeline = (await this.open(input))
      .rotate()
      .resize({ width: maxSide, height: maxSide, fit: 'inside', withoutEnlargement: true });
    const encoded =
      mime === 'image/png'
        ? pipeline.png({ compressionLevel: 8 })
        : mime === 'image/webp'
          ? pipeline.webp({ quality: 85 })
          : pipeline.jpeg({ quality: 85, mozjpeg: true });
    return this.finish(encoded, mime);
  }

  /** A square-cropped WebP thumbnail (avatars, gallery). */
  async thumbnail(input: Buffer, side: number): Promise<ProcessedImage> {
    const pipeline = (await this.open(input)).rotate().resize({ width: side, height: side, fit: 'cover' }).webp({ quality: 82 });
    return this.finish(pipeline, 'image/webp');
  }

  private async open(input: Buffer): Promise<Sharp> {
    const sharp = await loadSharp();
    return sharp(input, { limitInputPixels: MAX_INPUT_PIXELS, failOn: 'error', sequentialRead: true });
  }

  private async finish(pipeline: Sharp, mime: string): Promise<ProcessedImage> {
    try {
      const { data, info } = await pipeline.toBuffer({ resolveWithObject: true });
      const ext = mime === 'image/png' ? 'png' : mime === 'image/webp' ? 'webp' : 'jpg';
      return { buffer: data, mime, ext, width: info.width, height: info.height };
    } catch (err) {
      const message = (err as Error).message ?? '';
      if (/pixel limit/i.test(message)) throw new BadRequestException({ detail: 'Image dimensions are too large.' });
      throw new BadRequestException({ detail: 'The image could not be read.' });
    }
  }
}
