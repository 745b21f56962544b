import type { IncomingMessage } from 'node:http';
import { GatewayError } from '../gateway-error';

/**
 * Reads a request body of at most `limit` bytes. A larger one is read to its end and thrown away
 * (so the client sees the 413 rather than a reset connection), unless it goes on past 16 times the
 * limit, where the connection is cut.
 */
export function readBody(request: IncomingMessage, limit: number): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    request.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size <= limit) chunks.push(chunk);
      else if (size > limit * 16) request.destroy();
    });
    request.on('end', () => (size > limit ? reject(GatewayError.tooLarge(limit)) : resolve(Buffer.concat(chunks))));
    request.on('error', reject);
  });
}
