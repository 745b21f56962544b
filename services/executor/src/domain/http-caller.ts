/** One request to a URL a user named. */
export interface OutboundRequest {
  url: URL;
  method: string;
  headers: Record<string, string>;
  /** The headers the executor sets itself: the only ones sent on after a redirect to another origin. */
  ownHeaders: Record<string, string>;
  body?: Buffer;
  /** Aborts the request, its redirects and the reading of the answer. */
  signal: AbortSignal;
}

/** The final answer, after redirects. */
export interface OutboundResponse {
  /** The URL that answered. */
  url: URL;
  status: number;
  statusText: string;
  contentType?: string;
  location?: string;
  /** At most the configured number of bytes of the body. */
  body: Buffer;
  /** Whether the body was longer than that and was cut. */
  truncated: boolean;
}

/** What the http handler calls URLs with (the outbound client, which applies the network rules). */
export interface HttpCaller {
  send(request: OutboundRequest): Promise<OutboundResponse>;
}
