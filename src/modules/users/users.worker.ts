import { Injectable, Logger, Module, type OnApplicationBootstrap } from '@nestjs/common';
import { InjectQueue, Processor } from '@nestjs/bull';
import type { Queue } from 'bull';
import { JOBS, QUEUES } from '../queue/jobs.js';
import { ProcessJob } from '../queue/process-job.decorator.js';
import { UsersModule } from './users.module.js';
import { UsersService } from './users.service.js';

@Processor(QUEUES.maintenance)
export class UsersProcessor {
  private readonly logger = new Logger(UsersProcessor.name);

  constructor(private readonly users: UsersService) {}

  /** Anonymises accounts whose owners deactivated them more than 30 days ago. */
  @ProcessJob(JOBS.purgeDeactivatedUsers)
  async purgeDeactivatedUsers(): Promise<{ purged: number }> {
    const purged = await this.users.purgeDeactivated();
    if (purged) this.logger.log(`anonymised ${purged} deactivated account(s)`);
    return { purged };
  }
}

/** Schedules the daily purge (a repeatable job; Bull keeps one schedule however many workers start). */
@Injectable()
export class UsersSchedule implements OnApplicationBootstrap {
  constructor(@InjectQueue(QUEUES.maintenance) private readonly queue: Queue) {}

  async onApplicationBootstrap(): Promise<void> {
    await this.queue.add(
      JOBS.purgeDeactivatedUsers.name,
      {},
      { repeat: { cron: '30 3 * * *', tz: 'Asia/Dhaka' }, jobId: 'purge-deactivated-users', removeOnComplete: 10 },
    );
  }
}

@Module({ imports: [UsersModule], providers: [UsersProcessor, UsersSchedule] })
export class UsersWorkerModule {}
