import { createServer, type Server } from 'node:http';
import {
  Inject,
  Injectable,
  Logger,
  type OnApplicationBootstrap,
  type OnApplicationShutdown,
  type OnModuleInit,
} from '@nestjs/common';
import { ModuleRef } from '@nestjs/core';
import { getQueueToken } from '@nestjs/bull';
import { InjectDataSource } from '@nestjs/typeorm';
import type { Queue } from 'bull';
import type { FastifyInstance } from 'fastify';
import { collectDefaultMetrics, Counter, Gauge, Histogram, Registry } from 'prom-client';
import type { DataSource } from 'typeorm';
import { appConfig, type AppConfig } from '../../config/app.config.js';
import { QUEUES } from '../queue/jobs.js';

const JOB_STATES = ['waiting', 'active', 'delayed', 'failed', 'completed'] as const;

/**
 * Prometheus metrics of this process on METRICS_PORT (its own port, so the
 * public proxy never exposes it): HTTP durations by route, queue depths and
 * job outcomes, connected sockets, database pool use, and Node's defaults.
 */
@Injectable()
export class MetricsService implements OnModuleInit, OnApplicationBootstrap, OnApplicationShutdown {
  readonly registry = new Registry();
  private readonly logger = new Logger(MetricsService.name);
  private server?: Server;
  private socketCount: () => number = () => 0;

  readonly httpDuration = new Histogram({
    name: 'http_request_duration_seconds',
    help: 'HTTP request duration by route',
    labelNames: ['method', 'route', 'status_code'] as const,
    buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5],
    registers: [this.registry],
  });

  readonly jobOutcomes = new Counter({
    name: 'queue_jobs_total',
    help: 'Jobs processed by this process, by queue, job name and outcome',
    labelNames: ['queue', 'job', 'outcome'] as const,
    registers: [this.registry],
  });

  constructor(
    @Inject(appConfig.KEY) private readonly config: AppConfig,
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly moduleRef: ModuleRef,
  ) {
    collectDefaultMetrics({ register: this.registry });
    const queues = () => Object.values(QUEUES).map((name) => this.moduleRef.get<Queue>(getQueueToken(name), { strict: false }));
    new Gauge({
      name: 'queue_jobs',
      help: 'Jobs in each queue by state',
      labelNames: ['queue', 'state'] as const,
      registers: [this.registry],
      async collect() {
        for (const queue of queues()) {
          const counts = await queue.getJobCounts().catch(() => undefined);
          if (!counts) continue;
          for (const state of JOB_STATES) this.set({ queue: queue.name, state }, counts[state] ?? 0);
        }
      },
    });
    const sockets = () => this.socketCount();
    new Gauge({
      name: 'socketio_connected_sockets',
      help: 'socket.io sockets connected to this process',
      registers: [this.registry],
      collect() {
        this.set(sockets());
      },
    });
    const pool = () =>
      (this.dataSource.driver as unknown as { master?: { totalCount: number; idleCount: number; waitingCount: number } }).master;
    new Gauge({
      name: 'db_pool_connections',
      help: 'PostgreSQL pool connections by state (waiting = callers queued for a connection)',
      labelNames: ['state'] as const,
      registers: [this.registry],
      collect() {
        const p = pool();
        if (!p) return;
        this.set({ state: 'total' }, p.totalCount);
        this.set({ state: 'idle' }, p.idleCount);
        this.set({ state: 'waiting' }, p.waitingCount);
      },
    });
  }

  /** Counts job outcomes (in onModuleInit: the queues are async providers, not necessarily built before this one). */
  onModuleInit(): void {
    for (const name of Object.values(QUEUES)) {
      const queue = this.moduleRef.get<Queue>(getQueueToken(name), { strict: false });
      queue.on('completed', (job) => this.jobOutcomes.inc({ queue: queue.name, job: job.name, outcome: 'completed' }));
      queue.on('failed', (job) => this.jobOutcomes.inc({ queue: queue.name, job: job.name, outcome: 'failed' }));
    }
  }

  /** Times every HTTP request by its route pattern (never the raw URL, which would explode the label set). */
  instrument(fastify: FastifyInstance): void {
    fastify.addHook('onResponse', (request, reply, done) => {
      const route = request.routeOptions.url ?? 'unmatched';
      this.httpDuration.observe(
        { method: request.method, route, status_code: String(reply.statusCode) },
        reply.elapsedTime / 1000,
      );
      done();
    });
  }

  /** The realtime gateway reports how many sockets it holds. */
  trackSockets(count: () => number): void {
    this.socketCount = count;
  }

  async onApplicationBootstrap(): Promise<void> {
    if (!this.config.metricsPort) return;
    this.server = createServer((req, res) => {
      if (req.method !== 'GET' || req.url?.split('?')[0] !== '/metrics') {
        res.writeHead(404).end();
        return;
      }
      this.registry.metrics().then(
        (text) => res.writeHead(200, { 'content-type': this.registry.contentType }).end(text),
        () => res.writeHead(500).end(),
      );
    });
    await new Promise<void>((resolve) => {
      this.server!.once('error', (err: Error) => {
        this.logger.warn(`metrics not served on ${this.config.metricsHost}:${this.config.metricsPort}: ${err.message}`);
        this.server = undefined;
        resolve();
      });
      this.server!.listen(this.config.metricsPort, this.config.metricsHost, () => resolve());
    });
  }

  async onApplicationShutdown(): Promise<void> {
    if (this.server) await new Promise<void>((resolve) => this.server!.close(() => resolve()));
  }
}
