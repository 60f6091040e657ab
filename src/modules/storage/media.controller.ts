import { Controller, Get, Header, Param } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { StreamableFile } from '@nestjs/common';
import { Public } from '../../common/auth/decorators.js';
import { SkipRateLimit } from '../../common/rate-limit/rate-limit.js';
import { NotFoundError } from '../../common/http/api-errors.js';
import { isPublicKey } from './file-storage.js';
import { StorageService } from './storage.service.js';

/**
 * Public media (avatars, gallery photos, campaign images) at MEDIA_URL, the
 * seed's /media/. In production nginx may serve the same directory; private
 * files are never reachable here.
 */
@ApiExcludeController()
@Controller('media')
export class MediaController {
  constructor(private readonly storage: StorageService) {}

  @Public()
  @SkipRateLimit()
  @Get('*')
  @Header('Cache-Control', 'public, max-age=86400, immutable')
  serveMedia(@Param('*') key: string | string[]): Promise<StreamableFile> {
    const path = Array.isArray(key) ? key.join('/') : key;
    if (!isPublicKey(path) || path.includes('..')) throw new NotFoundError();
    return this.storage.serve(path);
  }
}
