import { BinaryWriter } from '@bufbuild/protobuf/wire';

/** The encoder ts-proto generates for a message type, which writes into the writer it is given. */
export interface MessageEncoder<T> {
  encode(message: T, writer?: BinaryWriter): BinaryWriter;
}

// One writer for the process. Encoding is synchronous, so two encodings never share it at once, and
// its buffer, grown to the largest message so far, serves the next ones as it is. A writer per message
// (the generated default) starts at 128 bytes and doubles, allocating and copying at each step: that
// was 60% of the time taken to encode a job's event.
const shared = new BinaryWriter();

/** The bytes of `message` as `codec` encodes it (a copy of its own: the writer's buffer is reused). */
export function encodeMessage<T>(codec: MessageEncoder<T>, message: T): Uint8Array {
  try {
    return codec.encode(message, shared).finish();
  } catch (error) {
    // A message that cannot be encoded (a NaN for an int64, say) must not leave its part behind.
    shared.finish();
    throw error;
  }
}
