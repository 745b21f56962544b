import type { executor } from '@chrono/contracts';
import type { CallContext, UnaryHandler } from '@chrono/kit';
import type { HandlerRegistry } from '../domain/handler-registry';

/** ListHandlers: the kinds of target this executor runs, with what each does. */
export function listHandlers({
  registry,
}: {
  registry: HandlerRegistry;
}): UnaryHandler<executor.ListHandlersRequest, executor.ListHandlersResponse> {
  return async (_request: executor.ListHandlersRequest, ctx: CallContext) => {
    ctx.requireUserId();
    return { handlers: registry.list().map(({ name, description }) => ({ name, description })) };
  };
}
