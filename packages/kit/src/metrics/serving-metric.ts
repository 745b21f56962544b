import { gauge, lazily } from './metrics-registry';

const serving = lazily(() =>
  gauge({
    name: 'chrono_service_serving',
    help: "1 while this process's gRPC health status is SERVING (its dependencies answer), 0 otherwise.",
  }),
);

/** Reports the process's health status as `chrono_service_serving`. */
export function reportServing(isServing: boolean): void {
  serving().set(isServing ? 1 : 0);
}
