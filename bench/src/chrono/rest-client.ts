import { Agent, request } from 'node:http';

/** A minimal keep-alive JSON client for the REST gateway (node:http, one socket per call in flight). */
export class RestClient {
  private readonly agent: Agent;

  constructor(
    private readonly port: number,
    private readonly headers: Record<string, string>,
    maxSockets: number,
  ) {
    this.agent = new Agent({ keepAlive: true, maxSockets });
  }

  /** POSTs `body` as JSON to `path`; resolves to the parsed answer, rejects on a status other than 2xx. */
  post<T>(path: string, body: unknown): Promise<T> {
    const data = JSON.stringify(body);
    return new Promise((resolve, reject) => {
      const call = request(
        {
          host: '127.0.0.1',
          port: this.port,
          path,
          method: 'POST',
          agent: this.agent,
          headers: { ...this.headers, 'content-type': 'application/json', 'content-length': Buffer.byteLength(data) },
        },
        (response) => {
          const chunks: Buffer[] = [];
          response.on('data', (chunk: Buffer) => chunks.push(chunk));
          response.on('end', () => {
            const text = Buffer.concat(chunks).toString();
            if ((response.statusCode ?? 0) >= 300) reject(new Error(`POST ${path}: ${response.statusCode} ${text}`));
            else resolve(JSON.parse(text) as T);
          });
          response.on('error', reject);
        },
      );
      call.setTimeout(10_000, () => call.destroy(new Error(`POST ${path}: no answer within 10 s`)));
      call.on('error', reject);
      call.end(data);
    });
  }

  close(): void {
    this.agent.destroy();
  }
}
