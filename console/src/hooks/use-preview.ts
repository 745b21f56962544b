import { useEffect, useState } from 'react';
import type { ApiClient } from '../api/client';
import type { PreviewRequest } from '../api/types';

const COUNT = 5;
// Waits for typing to pause before asking the server, so a cron expression is not previewed per key.
const PAUSE_MS = 350;

export interface Preview {
  runs?: string[];
  error?: unknown;
}

/**
 * The next five runs of a schedule from POST /schedules/preview, asked again when it changes; the
 * server's refusal (INVALID_ARGUMENT naming `cronExpression` or `timezone`) comes back as `error`.
 * `anchor` is a pattern's first run: listed first when it is still ahead.
 */
export function usePreview(api: ApiClient, request: Omit<PreviewRequest, 'count'> | undefined, anchor?: string) {
  const [preview, setPreview] = useState<Preview>({});
  const key = JSON.stringify(request ?? null);
  useEffect(() => {
    if (!request) return setPreview({});
    let current = true;
    const ahead = anchor && new Date(anchor).getTime() > Date.now() ? [anchor] : [];
    const timer = setTimeout(() => {
      api
        .previewRuns({ ...request, count: COUNT - ahead.length })
        .then(({ runs = [] }) => current && setPreview({ runs: [...ahead, ...runs] }))
        .catch((error: unknown) => current && setPreview({ error }));
    }, PAUSE_MS);
    return () => {
      current = false;
      clearTimeout(timer);
    };
    // `key` stands for `request`, which is a new object on every render.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [api, key, anchor]);
  return preview;
}
