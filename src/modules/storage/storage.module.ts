import { Global, Module } from '@nestjs/common';
import { storageConfig, type StorageConfig } from '../../config/storage.config.js';
import { FileStorage } from './file-storage.js';
import { ImageProcessor } from './image-processor.js';
import { LocalFileStorage } from './local-file-storage.js';
import { MediaController } from './media.controller.js';
import { StorageService } from './storage.service.js';

@Global()
@Module({
  controllers: [MediaController],
  providers: [
    {
      provide: FileStorage,
      inject: [storageConfig.KEY],
      useFactory: async (config: StorageConfig): Promise<FileStorage> => {
        if (config.driver !== 's3') return new LocalFileStorage(config.mediaRoot, config.mediaUrl);
        // Loaded only when configured: the AWS SDK is large.
        const { S3FileStorage } = await import('./s3-file-storage.js');
        return new S3FileStorage(config.s3, config.mediaUrl);
      },
    },
    StorageService,
    ImageProcessor,
  ],
  exports: [StorageService, ImageProcessor, FileStorage],
})
export class StorageModule {}
