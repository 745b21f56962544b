import { readFileSync } from 'node:fs';
import type { FileRegistry } from '@bufbuild/protobuf';
import { createFileRegistry, fromBinary } from '@bufbuild/protobuf';
import { FileDescriptorSetSchema } from '@bufbuild/protobuf/wkt';
import { httpBindingsOf, httpRuleExtension } from '@chrono/gateway/dist/routing/http-rules';
import type { Findings } from './config-walker';
import type { TranscoderUse } from './cross-checks';

/**
 * Opens a transcoder's descriptor set (proto_descriptor through `files`, which maps the path in
 * the container to a local file, or proto_descriptor_bin) and checks what Envoy checks at start-up
 * (the set builds with its imports, every listed service is in it) and what the REST API needs
 * (every method of a listed service has a google.api.http rule, as auto_mapping is off).
 */
export function checkTranscoderDescriptor(use: TranscoderUse, files: Record<string, string>, findings: Findings): void {
  const error = (message: string) => findings.errors.push(`${use.path}: ${message}`);
  const registry = openDescriptor(use.config, files, error);
  if (!registry) return;
  const extension = httpRuleExtension(registry);
  const autoMapping = use.config.auto_mapping === true || use.config.autoMapping === true;
  const services = Array.isArray(use.config.services) ? (use.config.services as unknown[]) : [];
  for (const name of services.filter((item): item is string => typeof item === 'string')) {
    const service = registry.getService(name);
    if (!service) {
      error(`Could not find '${name}' in the proto descriptor`);
      continue;
    }
    for (const method of service.methods) {
      if (!autoMapping && httpBindingsOf(method, extension).length === 0)
        error(`${service.typeName}.${method.name} has no google.api.http rule`);
    }
  }
}

function openDescriptor(
  config: Record<string, unknown>,
  files: Record<string, string>,
  error: (message: string) => void,
): FileRegistry | undefined {
  let bytes: Buffer;
  const inline = config.proto_descriptor_bin ?? config.protoDescriptorBin;
  const file = config.proto_descriptor ?? config.protoDescriptor;
  if (typeof inline === 'string') {
    bytes = Buffer.from(inline, 'base64');
  } else if (typeof file === 'string') {
    const local = files[file] ?? file;
    try {
      bytes = readFileSync(local);
    } catch {
      error(`cannot read the proto descriptor ${file}${local !== file ? ` (mapped to ${local})` : ''}`);
      return undefined;
    }
  } else {
    error('proto_descriptor or proto_descriptor_bin is required');
    return undefined;
  }
  try {
    return createFileRegistry(fromBinary(FileDescriptorSetSchema, bytes));
  } catch (cause) {
    error(`Unable to build proto descriptor pool: ${(cause as Error).message}`);
    return undefined;
  }
}
