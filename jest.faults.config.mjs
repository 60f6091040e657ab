// The fault tests (`npm run test:faults`): they start the BUILT API and worker
// as child processes, a Redis of their own and a proxy in front of
// PostgreSQL, then break them. Slow (tens of seconds each) and timing-bound,
// so they run one file at a time, apart from `npm test`; `.ci/run` runs both.
import base from './jest.config.mjs';

const e2e = base.projects.find((p) => p.displayName === 'e2e');

export default {
  ...e2e,
  displayName: 'faults',
  testMatch: ['<rootDir>/test/faults/**/*.fault-spec.ts'],
  globalSetup: '<rootDir>/test/faults/global-setup.mjs',
  slowTestThreshold: 120,
  testTimeout: 180_000,
  maxWorkers: 1,
};
