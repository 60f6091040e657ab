// Records when `npm run build` last finished, for ensure-build.mjs.
import { writeFileSync } from 'node:fs';

writeFileSync('dist/.build-stamp', new Date().toISOString() + '\n');
