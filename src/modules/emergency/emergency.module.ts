import { Module } from '@nestjs/common';
import { Processor } from '@nestjs/bull';
import { TypeOrmModule } from '@nestjs/typeorm';
import type { Job } from 'bull';
import type { RequestContext } from '../../common/http/request-context.js';
import { GeographyModule } from '../geography/geography.module.js';
import { JOBS, QUEUES, type EscalateEmergencyJob } from '../queue/jobs.js';
import { ProcessJob } from '../queue/process-job.decorator.js';
import { EmergencyContactsController, EmergencyRequestsController } from './emergency.controller.js';
import { EmergencyContact } from './emergency-contact.entity.js';
import { EmergencyContactsService } from './emergency-contacts.service.js';
import { EmergencyRequest } from './emergency-request.entity.js';
import { EmergencyRequestsService } from './emergency-requests.service.js';

@Module({
  imports: [TypeOrmModule.forFeature([EmergencyContact, EmergencyRequest]), GeographyModule],
  controllers: [EmergencyContactsController, EmergencyRequestsController],
  providers: [EmergencyContactsService, EmergencyRequestsService],
  exports: [EmergencyRequestsService],
})
export class EmergencyModule {}

@Processor(QUEUES.emergency)
export class EmergencyProcessor {
  constructor(private readonly requests: EmergencyRequestsService) {}

  /** Escalates a request nobody accepted in time; a no-op for anything else (safe to run twice). */
  @ProcessJob(JOBS.escalateEmergency)
  escalateEmergency(job: Job<EscalateEmergencyJob>, origin: RequestContext): Promise<{ escalated: boolean }> {
    return this.requests.escalate(origin, job.data.requestId);
  }
}

/** The emergency queue's processor; loaded only where jobs run. */
@Module({ imports: [EmergencyModule], providers: [EmergencyProcessor] })
export class EmergencyWorkerModule {}
