// Runs every test tier. Filled in by the foundation issue's test harness.
import { spawnSync } from 'node:child_process';
const r = spawnSync('npx', ['mocha', '--config', 'test/.mocharc.json'], { stdio: 'inherit' });
process.exit(r.status ?? 1);
