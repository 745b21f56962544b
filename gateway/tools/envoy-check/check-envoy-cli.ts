// `npm run check:envoy -w @chrono/gateway`: checks gateway/envoy.yaml offline. Usage:
//   node dist/envoy-check/check-envoy-cli.js <envoy.yaml> [--map /etc/envoy/descriptor.binpb=descriptor.binpb]
import { readFileSync } from 'node:fs';
import { checkEnvoyConfig } from './check-envoy-config';

const args = process.argv.slice(2);
const files: Record<string, string> = {};
let configPath: string | undefined;
for (let i = 0; i < args.length; i++) {
  if (args[i] === '--map') {
    const [from, to] = (args[++i] ?? '').split('=');
    if (!from || !to) throw new Error('--map takes <path in the config>=<local file>');
    files[from] = to;
  } else {
    configPath = args[i];
  }
}
if (!configPath) {
  process.stderr.write('usage: check-envoy-cli <envoy.yaml> [--map <path in the config>=<local file>]...\n');
  process.exit(2);
}
const { errors, warnings } = checkEnvoyConfig(readFileSync(configPath, 'utf8'), { files });
for (const warning of warnings) process.stdout.write(`warning: ${warning}\n`);
for (const error of errors) process.stdout.write(`error: ${error}\n`);
process.stdout.write(`${configPath}: ${errors.length} error(s), ${warnings.length} warning(s)\n`);
process.exit(errors.length ? 1 : 0);
