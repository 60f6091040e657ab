import { Injectable, type OnModuleInit } from '@nestjs/common';
import { DiscoveryService, MetadataScanner } from '@nestjs/core';
import { JOBS } from './jobs.js';

// Metadata keys written by @Processor() and @Process() (@nestjs/bull's bull.constants, not exported from its index).
const BULL_MODULE_QUEUE = 'bull:module_queue';
const BULL_MODULE_QUEUE_PROCESS = 'bull:module_queue_process';

/**
 * Refuses to start a process that runs jobs unless every job of `jobs.ts`
 * has exactly one handler (a job with none would fail forever; a job with two
 * would run twice).
 */
@Injectable()
export class JobHandlersCheck implements OnModuleInit {
  constructor(
    private readonly discovery: DiscoveryService,
    private readonly scanner: MetadataScanner,
  ) {}

  onModuleInit(): void {
    const found = new Map<string, number>();
    for (const wrapper of this.discovery.getProviders()) {
      const { instance, metatype } = wrapper;
      if (!instance || !metatype) continue;
      const queueMeta = Reflect.getMetadata(BULL_MODULE_QUEUE, metatype) as { name?: string } | undefined;
      if (!queueMeta) continue;
      const proto = Object.getPrototypeOf(instance) as object;
      for (const method of this.scanner.getAllMethodNames(proto)) {
        const handler = (proto as Record<string, unknown>)[method] as object;
        const meta = Reflect.getMetadata(BULL_MODULE_QUEUE_PROCESS, handler) as { name?: string } | undefined;
        if (!meta) continue;
        const key = `${queueMeta.name}/${meta.name ?? '__default__'}`;
        found.set(key, (found.get(key) ?? 0) + 1);
      }
    }
    const problems: string[] = [];
    for (const def of Object.values(JOBS)) {
      const n = found.get(`${def.queue}/${def.name}`) ?? 0;
      if (n !== 1) problems.push(`${def.queue}/${def.name} has ${n} handlers`);
    }
    const known = new Set(Object.values(JOBS).map((d) => `${d.queue}/${d.name}`));
    for (const key of found.keys()) if (!known.has(key)) problems.push(`${key} is handled but not declared in jobs.ts`);
    if (problems.length) throw new Error(`Job handler check failed:\n  - ${problems.join('\n  - ')}`);
  }
}
