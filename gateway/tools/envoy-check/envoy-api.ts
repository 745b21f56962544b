import { existsSync, readdirSync, readFileSync } from 'node:fs';
import * as path from 'node:path';
import * as protobuf from 'protobufjs';

// The Envoy v3 API protos ship in @grpc/grpc-js-xds (deps/): Envoy's own, xds/udpa, PGV and a
// googleapis subset. google/protobuf/*.proto come from protobufjs itself.
const depsDir = path.join(path.dirname(require.resolve('@grpc/grpc-js-xds/package.json')), 'deps');
const includeDirs = ['envoy-api', 'xds', 'protoc-gen-validate', 'googleapis'].map((name) => path.join(depsDir, name));
const protobufjsDir = path.dirname(require.resolve('protobufjs/package.json'));

let cached: protobuf.Root | undefined;

/**
 * Every Envoy v3 API message (config, extensions, types) in one protobufjs root, proto field names
 * kept. Files whose imports the package does not ship (OpenCensus, OpenTelemetry, Prometheus) are
 * left out; nothing a gateway config uses needs them. About half a second; loaded once.
 */
export function envoyApi(): protobuf.Root {
  if (cached) return cached;
  const envoyDir = path.join(depsDir, 'envoy-api');
  const files = protoFiles(path.join(envoyDir, 'envoy'))
    .map((file) => path.relative(envoyDir, file))
    .filter((file) => file.includes(`${path.sep}v3${path.sep}`));
  const known = new Map<string, boolean>();
  const root = new protobuf.Root();
  root.resolvePath = (_origin, target) => locate(target) ?? target;
  root.loadSync(
    files.filter((file) => importsResolve(file, known)),
    { keepCase: true },
  );
  root.resolveAll();
  cached = root;
  return root;
}

function locate(file: string): string | undefined {
  for (const dir of [...includeDirs, protobufjsDir]) {
    const candidate = path.join(dir, file);
    if (existsSync(candidate)) return candidate;
  }
  // protobufjs has the common well-known types built in.
  return file.startsWith('google/protobuf/') && protobuf.common.get(file) ? file : undefined;
}

function importsResolve(file: string, known: Map<string, boolean>): boolean {
  const cachedAnswer = known.get(file);
  if (cachedAnswer !== undefined) return cachedAnswer;
  known.set(file, true); // import cycles are fine
  const location = locate(file);
  let ok = location !== undefined;
  if (location && existsSync(location)) {
    const imports = [...readFileSync(location, 'utf8').matchAll(/^import\s+(?:public\s+)?"([^"]+)";/gm)].map(
      (match) => match[1],
    );
    ok = imports.every((imported) => importsResolve(imported, known));
  }
  known.set(file, ok);
  return ok;
}

function protoFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) =>
    entry.isDirectory()
      ? protoFiles(path.join(dir, entry.name))
      : entry.name.endsWith('.proto')
        ? [path.join(dir, entry.name)]
        : [],
  );
}
