#!/usr/bin/env node
// Builds the FileDescriptorSet that Envoy's gRPC-JSON transcoder reads (proto_descriptor in
// envoy.yaml): everything in proto/ with its imports (google/api annotations, WKTs), without source
// info, which Envoy never reads. `npm run build` runs it; the output (default gateway/descriptor.binpb)
// is not committed: the deployment bakes or mounts it at /etc/envoy/descriptor.binpb.
'use strict';
const { execFileSync } = require('node:child_process');
const path = require('node:path');

const root = path.resolve(__dirname, '..', '..');
const out = path.resolve(process.argv[2] ?? path.join(root, 'gateway', 'descriptor.binpb'));
const buf = path.join(path.dirname(require.resolve('@bufbuild/buf/package.json', { paths: [root] })), 'bin', 'buf');
execFileSync(buf, ['build', 'proto', '--as-file-descriptor-set', '--exclude-source-info', '-o', out], {
  cwd: root,
  stdio: 'inherit',
});
