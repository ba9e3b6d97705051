// The GitHub Action entry (issue 4 builds it out): for now it runs validate on the repository.
import { main } from '../cli/main.js';

process.exitCode = await main([
  '--repo',
  process.env.GITHUB_WORKSPACE ?? '.',
  'validate',
  '--format',
  'github',
]);
