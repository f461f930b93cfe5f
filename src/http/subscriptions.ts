// GraphQL subscriptions over WebSocket on /graphql, in the graphql-transport-ws protocol (the
// `graphql-ws` package: a maintained implementation of the protocol rather than a hand-written one).
// The API key travels in connectionParams.authorization ("Bearer <key>"), resolved once per
// connection; an unknown key is closed with 4403 Forbidden, and more than `maxPerKey` open
// connections of one key with 4429. Only subscription operations are served here (queries and
// mutations go through HTTP, with its rate limit and cost budget), with the same document limits.
import type http from 'node:http';
import { GraphQLError, getOperationAST, parse, specifiedRules, validate, type GraphQLSchema } from 'graphql';
import type { Context } from 'graphql-ws';
import { useServer } from 'graphql-ws/use/ws';
import { WebSocketServer } from 'ws';
import type { Caller } from '../domain/caller';
import type { GatewayContext } from '../resolvers/context';
import type { Services } from '../services';
import { createLoaders } from '../services/loaders';
import type { StoreReader } from '../store/store.port';
import type { ApiKeys } from './api-keys';
import { createFormatError } from './format-error';
import type { Logger } from './logger';
import { queryLimitRule, type QueryLimits } from './query-limits';

export interface SubscriptionServerOptions {
  httpServer: http.Server;
  schema: GraphQLSchema;
  apiKeys: ApiKeys;
  services: Services;
  reader: StoreReader;
  logger: Logger;
  queryLimits: QueryLimits;
  hideSuggestions: boolean;
  /** Open connections one key may hold. */
  maxPerKey: number;
}

const TOO_MANY = 4429;
const MAX_MESSAGE_BYTES = 64 * 1024;

export function startSubscriptionServer(o: SubscriptionServerOptions): { close(): Promise<void> } {
  const wss = new WebSocketServer({ server: o.httpServer, path: '/graphql', maxPayload: MAX_MESSAGE_BYTES });
  const callers = new WeakMap<Context, Caller>();
  const open = new Map<string, number>();
  const rules = [...specifiedRules, queryLimitRule(o.queryLimits)];
  const format = createFormatError({ hideSuggestions: o.hideSuggestions });

  const disposable = useServer<Record<string, unknown>>(
    {
      schema: o.schema,
      onConnect: (ctx) => {
        const authorization = ctx.connectionParams?.authorization;
        const caller = o.apiKeys.resolve(typeof authorization === 'string' ? authorization : undefined);
        if (!caller) return false; // 4403 Forbidden
        const count = (open.get(caller.id) ?? 0) + 1;
        if (count > o.maxPerKey) {
          ctx.extra.socket.close(TOO_MANY, `at most ${o.maxPerKey} subscription connections per key`);
          return false;
        }
        open.set(caller.id, count);
        callers.set(ctx, caller);
        return true;
      },
      onClose: (ctx) => {
        const caller = callers.get(ctx);
        if (!caller) return;
        callers.delete(ctx);
        const left = (open.get(caller.id) ?? 1) - 1;
        if (left > 0) open.set(caller.id, left);
        else open.delete(caller.id);
      },
      onSubscribe: (ctx, _id, payload) => {
        let document;
        try {
          document = parse(payload.query, { maxTokens: o.queryLimits.maxTokens });
        } catch (error) {
          return [error instanceof GraphQLError ? error : new GraphQLError('the document could not be parsed')];
        }
        const errors = validate(o.schema, document, rules);
        if (errors.length > 0) return [...errors];
        const operation = getOperationAST(document, payload.operationName);
        if (operation?.operation !== 'subscription') {
          return [new GraphQLError('only subscriptions are served over WebSocket; send queries and mutations over HTTP POST', { extensions: { code: 'INVALID_ARGUMENT' } })];
        }
        const contextValue: GatewayContext = {
          requestId: `ws-${_id}`,
          caller: callers.get(ctx) ?? null,
          services: o.services,
          loaders: createLoaders(o.reader),
        };
        return { schema: o.schema, document, variableValues: payload.variables ?? undefined, operationName: payload.operationName ?? undefined, contextValue };
      },
      // Errors leave as they do over HTTP: a gRPC code in extensions.code, the field at fault, no internals.
      onError: (_ctx, _id, _payload, errors) => errors.map((e) => format(e.toJSON(), e)),
      onNext: (_ctx, _id, _payload, _args, result) =>
        result.errors?.length ? { ...result, errors: result.errors.map((e) => format(e.toJSON(), e)) } : undefined,
    },
    wss,
  );

  return {
    close: async () => {
      for (const client of wss.clients) client.close(1001, 'the server is shutting down');
      await disposable.dispose();
      await new Promise<void>((resolve) => wss.close(() => resolve()));
    },
  };
}
