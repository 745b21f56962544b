import type { DescEnum, DescField, DescFile, DescMessage, DescMethod, DescService } from '@bufbuild/protobuf';

type Described = DescService | DescMethod | DescMessage | DescField | DescEnum;

/**
 * The leading comment of a proto element, from the source info the descriptor set keeps (buf
 * build without --exclude-source-info); undefined when there is none.
 */
export function commentOf(element: Described): string | undefined {
  const path = pathOf(element);
  const file = fileOf(element);
  const location = file.proto.sourceCodeInfo?.location.find(
    (candidate) => candidate.path.length === path.length && candidate.path.every((step, i) => step === path[i]),
  );
  const text = location?.leadingComments.trim();
  return text ? text.replace(/\n /g, '\n') : undefined;
}

// Paths into FileDescriptorProto, by field numbers: message_type 4, nested_type 3, field 2,
// enum_type 5 (file) or 4 (message), service 6, method 2.
function pathOf(element: Described): number[] {
  switch (element.kind) {
    case 'service':
      return [6, element.file.proto.service.indexOf(element.proto)];
    case 'rpc':
      return [...pathOf(element.parent), 2, element.parent.proto.method.indexOf(element.proto)];
    case 'message':
      return element.parent
        ? [...pathOf(element.parent), 3, element.parent.proto.nestedType.indexOf(element.proto)]
        : [4, element.file.proto.messageType.indexOf(element.proto)];
    case 'field':
      return [...pathOf(element.parent), 2, element.parent.proto.field.indexOf(element.proto)];
    case 'enum':
      return element.parent
        ? [...pathOf(element.parent), 4, element.parent.proto.enumType.indexOf(element.proto)]
        : [5, element.file.proto.enumType.indexOf(element.proto)];
  }
}

function fileOf(element: Described): DescFile {
  return element.kind === 'rpc' || element.kind === 'field' ? element.parent.file : element.file;
}
