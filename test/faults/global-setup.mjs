// Before the fault tests: what the e2e tests check (PostgreSQL and Redis
// reachable, leftovers dropped), then a build of dist/ if the sources changed,
// since the faults run the built processes as production does.
import { execFileSync } from 'node:child_process';
import e2eGlobalSetup from '../global-setup.mjs';

export default async function globalSetup() {
  await e2eGlobalSetup();
  execFileSync(process.execPath, ['scripts/ensure-build.mjs'], { stdio: 'inherit' });
}
