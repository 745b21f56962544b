import { readFileSync } from 'node:fs';
import type { ServerDuplexStream, ServiceDefinition } from '@grpc/grpc-js';
import {
  create,
  createFileRegistry,
  fromBinary,
  toBinary,
  type DescFile,
  type DescMessage,
  type FileRegistry,
} from '@bufbuild/protobuf';
import { FileDescriptorProtoSchema, FileDescriptorSetSchema } from '@bufbuild/protobuf/wkt';

type Message = Record<string, unknown> & { $typeName: string };

/**
 * gRPC server reflection (v1 and v1alpha) served from a FileDescriptorSet built by `buf build`, so
 * clients in any language (grpcurl, Python) get real descriptors with all their imports.
 */
export class ReflectionService {
  private readonly registry: FileRegistry;
  private readonly fileBytes = new Map<string, Uint8Array>();

  /** `services`: the fully qualified names to list (the server's own services, health, reflection). */
  constructor(
    descriptorSetPath: string,
    private readonly services: string[],
  ) {
    const set = fromBinary(FileDescriptorSetSchema, readFileSync(descriptorSetPath));
    this.registry = createFileRegistry(set);
    for (const file of set.file) this.fileBytes.set(file.name, toBinary(FileDescriptorProtoSchema, file));
    for (const name of services) {
      if (!this.registry.getService(name))
        throw new Error(`service ${name} is not in the descriptor set ${descriptorSetPath}`);
    }
  }

  /** The service definitions and handlers to add to a grpc-js server, one per reflection version. */
  definitions(): Array<{
    definition: ServiceDefinition;
    handler: (call: ServerDuplexStream<Message, Message>) => void;
  }> {
    return ['grpc.reflection.v1', 'grpc.reflection.v1alpha'].map((pkg) => {
      const request = this.message(`${pkg}.ServerReflectionRequest`);
      const response = this.message(`${pkg}.ServerReflectionResponse`);
      const definition: ServiceDefinition = {
        ServerReflectionInfo: {
          path: `/${pkg}.ServerReflection/ServerReflectionInfo`,
          requestStream: true,
          responseStream: true,
          requestSerialize: (value: Message) => Buffer.from(toBinary(request, value as never)),
          requestDeserialize: (bytes: Buffer) => fromBinary(request, bytes),
          responseSerialize: (value: Message) => Buffer.from(toBinary(response, value as never)),
          responseDeserialize: (bytes: Buffer) => fromBinary(response, bytes),
        },
      };
      const handler = (call: ServerDuplexStream<Message, Message>) => {
        call.on('data', (req: Message) =>
          call.write(create(response, this.answer(req) as never) as unknown as Message),
        );
        call.on('end', () => call.end());
        call.on('error', () => call.end());
      };
      return { definition, handler };
    });
  }

  /** Answers one reflection request, as the fields of a ServerReflectionResponse. */
  answer(req: Message): Record<string, unknown> {
    const base = { validHost: req.host ?? '', originalRequest: req };
    const ask = req.messageRequest as { case?: string; value?: unknown };
    switch (ask.case) {
      case 'listServices':
        return {
          ...base,
          messageResponse: {
            case: 'listServicesResponse',
            value: { service: this.services.map((name) => ({ name })) },
          },
        };
      case 'fileByFilename':
        return this.files(
          base,
          this.registry.getFile(String(ask.value).replace(/\.proto$/, '')),
          `file ${String(ask.value)}`,
        );
      case 'fileContainingSymbol':
        return this.files(base, this.fileOfSymbol(String(ask.value)), `symbol ${String(ask.value)}`);
      case 'allExtensionNumbersOfType': {
        const type = this.registry.getMessage(String(ask.value));
        if (!type) return this.error(base, `type ${String(ask.value)}`);
        const numbers = [...this.registry]
          .filter((d) => d.kind === 'extension' && d.extendee.typeName === type.typeName)
          .map((d) => (d as { number: number }).number);
        return {
          ...base,
          messageResponse: {
            case: 'allExtensionNumbersResponse',
            value: { baseTypeName: type.typeName, extensionNumber: numbers },
          },
        };
      }
      case 'fileContainingExtension': {
        const { containingType, extensionNumber } = ask.value as { containingType: string; extensionNumber: number };
        const type = this.registry.getMessage(containingType);
        const extension = type && this.registry.getExtensionFor(type, extensionNumber);
        return this.files(
          base,
          extension ? extension.file : undefined,
          `extension ${containingType}(${extensionNumber})`,
        );
      }
      default:
        return {
          ...base,
          messageResponse: {
            case: 'errorResponse',
            value: { errorCode: 3, errorMessage: 'unsupported reflection request' },
          },
        };
    }
  }

  // A method's symbol is `pkg.Service.Method`, which the registry does not index: fall back to its service.
  private fileOfSymbol(symbol: string): DescFile | undefined {
    const found = this.registry.get(symbol) ?? this.registry.get(symbol.slice(0, Math.max(0, symbol.lastIndexOf('.'))));
    return found && 'file' in found ? found.file : undefined;
  }

  // The requested file first, then its transitive imports, as grpc-go does, so one answer is enough.
  private files(base: Record<string, unknown>, file: DescFile | undefined, what: string): Record<string, unknown> {
    if (!file) return this.error(base, what);
    const ordered: DescFile[] = [];
    const visit = (f: DescFile) => {
      if (ordered.includes(f)) return;
      ordered.push(f);
      f.dependencies.forEach(visit);
    };
    visit(file);
    const bytes = ordered.map((f) => this.fileBytes.get(f.proto.name) as Uint8Array);
    return { ...base, messageResponse: { case: 'fileDescriptorResponse', value: { fileDescriptorProto: bytes } } };
  }

  private error(base: Record<string, unknown>, what: string): Record<string, unknown> {
    return {
      ...base,
      messageResponse: { case: 'errorResponse', value: { errorCode: 5, errorMessage: `${what} not found` } },
    };
  }

  private message(typeName: string): DescMessage {
    const message = this.registry.getMessage(typeName);
    if (!message) throw new Error(`${typeName} is missing from the descriptor set`);
    return message;
  }
}
