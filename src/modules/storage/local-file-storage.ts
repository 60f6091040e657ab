import { createReadStream } from 'node:fs';
import { mkdir, rm, stat, writeFile, rename } from 'node:fs/promises';
import { dirname, resolve, sep } from 'node:path';
import { randomUUID } from 'node:crypto';
import { BadRequestException } from '@nestjs/common';
import { FileStorage, type StoredObject } from './file-storage.js';

/** Files on local disk under MEDIA_ROOT. Writes are atomic (temp file + rename). */
export class LocalFileStorage extends FileStorage {
  private readonly root: string;

  constructor(
    mediaRoot: string,
    private readonly mediaUrl: string,
  ) {
    super();
    this.root = resolve(mediaRoot);
  }

  async put(key: string, body: Buffer): Promise<void> {
    const path = this.pathOf(key);
    await mkdir(dirname(path), { recursive: true });
    const tmp = `${path}.${randomUUID()}.tmp`;
    await writeFile(tmp, body, { mode: 0o640 });
    await rename(tmp, path);
  }

  async get(key: string): Promise<StoredObject | undefined> {
    const path = this.pathOf(key);
    try {
      const info = await stat(path);
      if (!info.isFile()) return undefined;
      return { body: createReadStream(path), size: info.size };
    } catch {
      return undefined;
    }
  }

  async delete(key: string): Promise<void> {
    await rm(this.pathOf(key), { force: true });
  }

  publicUrl(key: string): string {
    return `${this.mediaUrl}${key}`;
  }

  /** Resolves a key inside MEDIA_ROOT; anything that would escape it is refused. */
  private pathOf(key: string): string {
    const path = resolve(this.root, key);
    if (!path.startsWith(this.root + sep)) throw new BadRequestException({ detail: 'Invalid file key.' });
    return path;
  }
}
