import { readFileSync } from 'node:fs';
import { createFileRegistry, fromBinary, type DescService, type FileRegistry } from '@bufbuild/protobuf';
import { FileDescriptorSetSchema } from '@bufbuild/protobuf/wkt';

/** Builds a registry from a FileDescriptorSet file (which must include its imports). */
export function loadRegistry(path: string): FileRegistry {
  return createFileRegistry(fromBinary(FileDescriptorSetSchema, readFileSync(path)));
}

/** The named service; throws, like Envoy at start-up, when the descriptor set lacks it. */
export function requireService(registry: FileRegistry, name: string): DescService {
  const service = registry.getService(name);
  if (!service) throw new Error(`Could not find '${name}' in the proto descriptor`);
  return service;
}
