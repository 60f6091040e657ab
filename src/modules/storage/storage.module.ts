import { Global, Module } from '@nestjs/common';
import { storageConfig, type StorageConfig } from '../../config/storage.config.js';
import { FileStorage } from './file-storage.js';
import { ImageProcessor } from './image-processor.js';
import { LocalFileStorage } from './local-file-storage.js';
import { MediaController } from './media.controller.js';
import { S3FileStorage } from './s3-file-storage.js';
import { StorageService } from './storage.service.js';

@Global()
@Module({
  controllers: [MediaController],
  providers: [
    {
      provide: FileStorage,
      inject: [storageConfig.KEY],
      useFactory: (config: StorageConfig): FileStorage =>
        config.driver === 's3'
          ? new S3FileStorage(config.s3, config.mediaUrl)
          : new LocalFileStorage(config.mediaRoot, config.mediaUrl),
    },
    StorageService,
    ImageProcessor,
  ],
  exports: [StorageService, ImageProcessor, FileStorage],
})
export class StorageModule {}
