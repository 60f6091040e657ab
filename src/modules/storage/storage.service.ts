import { randomUUID } from 'node:crypto';
import { Injectable, StreamableFile } from '@nestjs/common';
import { NotFoundError } from '../../common/http/api-errors.js';
import { CONTENT_TYPE_BY_EXT } from './file-types.js';
import { FileStorage } from './file-storage.js';

export interface ServeOptions {
  /** Suggested download name; when set the file is an attachment rather than shown inline. */
  downloadName?: string;
  /** Overrides the type derived from the key's extension. */
  contentType?: string;
  cacheSeconds?: number;
  isPublic?: boolean;
}

/** Key generation and serving on top of the configured FileStorage. */
@Injectable()
export class StorageService {
  constructor(private readonly storage: FileStorage) {}

  /** A fresh random key: `<area>/<yyyy>/<mm>/<uuid>.<ext>` (under `public/` when public). */
  newKey(area: string, ext: string, isPublic = false): string {
    const now = new Date();
    const month = String(now.getUTCMonth() + 1).padStart(2, '0');
    return `${isPublic ? 'public/' : 'private/'}${area}/${now.getUTCFullYear()}/${month}/${randomUUID()}.${ext}`;
  }

  put(key: string, body: Buffer, contentType: string): Promise<void> {
    return this.storage.put(key, body, contentType);
  }

  delete(key: string): Promise<void> {
    return this.storage.delete(key);
  }

  /** Deletes files whose rows are gone; failures are left for the next cleanup, never thrown. */
  async deleteQuietly(keys: Array<string | null | undefined>): Promise<void> {
    await Promise.all(keys.filter((k): k is string => !!k).map((k) => this.storage.delete(k).catch(() => undefined)));
  }

  publicUrl(key: string): string {
    return this.storage.publicUrl(key);
  }

  /** Streams a stored file with its content type; 404 when it is gone. */
  async serve(key: string, options: ServeOptions = {}): Promise<StreamableFile> {
    const object = await this.storage.get(key);
    if (!object) throw new NotFoundError();
    const ext = key.slice(key.lastIndexOf('.') + 1).toLowerCase();
    const type = options.contentType ?? CONTENT_TYPE_BY_EXT[ext] ?? 'application/octet-stream';
    const disposition = options.downloadName
      ? `attachment; filename="${options.downloadName.replace(/[^\w.\- ]/g, '_')}"`
      : 'inline';
    return new StreamableFile(object.body, { type, disposition, length: object.size || undefined });
  }
}
