// The scale-out test (`npm run test:scale`): two built API processes
// (RUN_WORKER=false) and one built worker as child processes, sharing one
// PostgreSQL database and one Redis, as replicas behind a load balancer. It
// reuses the fault tests' harness and global setup (which builds dist/ when
// the sources changed); one file at a time, apart from `npm test`.
import base from './jest.config.mjs';

const e2e = base.projects.find((p) => p.displayName === 'e2e');

export default {
  ...e2e,
  displayName: 'scale',
  testMatch: ['<rootDir>/test/scale/**/*.scale-spec.ts'],
  globalSetup: '<rootDir>/test/faults/global-setup.mjs',
  slowTestThreshold: 60,
  testTimeout: 120_000,
  maxWorkers: 1,
};
