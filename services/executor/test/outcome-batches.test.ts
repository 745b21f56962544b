import { waitFor } from '@chrono/testkit';
import { ExecutorRig } from './support/executor-rig';

// Outcomes that come within EVENT_BATCH_WAIT of each other leave as one EventBatch message: a burst of
// quick jobs costs the EXECUTIONS stream (and its two consumers) far fewer messages than jobs.
describe('outcomes published in batches', () => {
  let rig: ExecutorRig;

  beforeAll(async () => {
    rig = await ExecutorRig.start({ EXECUTOR_CONCURRENCY: '64', EVENT_BATCH_WAIT: '20ms' });
  });

  afterAll(() => rig?.close());

  it('records every outcome, each as published alone, in fewer messages than jobs', async () => {
    const { queue } = rig;
    const requests = await Promise.all(Array.from({ length: 40 }, (_, n) => queue.dispatch({ payload: { n } })));
    const ends = await Promise.all(requests.map((request) => queue.waitForEnd(request.jobId)));
    expect(ends.map((end) => end.result)).toEqual(requests.map((_, n) => ({ n })));
    for (const request of requests) {
      const found = await queue.outcome(request.jobId, 'succeeded');
      expect(found?.headers['Nats-Msg-Id']).toBe(`${request.runId}:1:succeeded`);
    }
    const jobIds = requests.map((request) => request.jobId);
    await waitFor(() => queue.messagesCarrying(jobIds) > 0, { what: 'the outcome messages' });
    expect(queue.messagesCarrying(jobIds)).toBeLessThan(20);
  });
});
