import { Module } from '@nestjs/common';
import { Processor } from '@nestjs/bull';
import type { Job } from 'bull';
import { JOBS, QUEUES, type JobPayloads } from '../queue/jobs.js';
import { ProcessJob } from '../queue/process-job.decorator.js';
import { GalleryModule } from './gallery.module.js';
import { GalleryService, type ThumbnailOutcome } from './gallery.service.js';

@Processor(QUEUES.content)
export class GalleryProcessor {
  constructor(private readonly gallery: GalleryService) {}

  /** Makes a photo's thumbnail (skips when it exists or the photo is gone). */
  @ProcessJob(JOBS.makeGalleryThumbnail, { concurrency: 2 })
  async makeGalleryThumbnail(job: Job<JobPayloads['makeGalleryThumbnail']>): Promise<{ outcome: ThumbnailOutcome }> {
    return { outcome: await this.gallery.makeThumbnail(job.data.photoId) };
  }
}

@Module({ imports: [GalleryModule], providers: [GalleryProcessor] })
export class GalleryWorkerModule {}
