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
/** Each subscription is a listener on the feed and a store read per matching event: bounded per socket. */
export const MAX_SUBSCRIPTIONS_PER_CONNECTION = 20;
/** After the close frame, how long a client may take to answer before its socket is cut (shutdown). */
const CLOSE_GRACE_MS = 1000;
const MAX_MESSAGE_BYTES = 64 * 1024;

export function startSubscriptionServer(o: SubscriptionServerOptions): { close(): Promise<void> } {
  const wss = new WebSocketServer({ server: o.httpServer, path: '/graphql', maxPayload: MAX_MESSAGE_BYTES });
  const connections = new WeakMap<Context, { caller: Caller; bucket: string; subscriptions: number }>();
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
        // A widget key is public (it is in every visitor's page): its limit is per key and client
        // address, so one party holding sockets cannot switch live updates off for everyone else.
        const bucket = caller.role === 'widget' ? `${caller.id}|${ctx.extra.request.socket.remoteAddress ?? ''}` : caller.id;
        const count = (open.get(bucket) ?? 0) + 1;
        if (count > o.maxPerKey) {
          ctx.extra.socket.close(TOO_MANY, `at most ${o.maxPerKey} subscription connections per key`);
          return false;
        }
        open.set(bucket, count);
        connections.set(ctx, { caller, bucket, subscriptions: 0 });
        return true;
      },
      onClose: (ctx) => {
        const connection = connections.get(ctx);
        if (!connection) return;
        connections.delete(ctx);
        const left = (open.get(connection.bucket) ?? 1) - 1;
        if (left > 0) open.set(connection.bucket, left);
        else open.delete(connection.bucket);
      },
      onComplete: (ctx) => {
        const connection = connections.get(ctx);
        if (connection && connection.subscriptions > 0) connection.subscriptions--;
      },
      onSubscribe: (ctx, _id, payload) => {
        const connection = connections.get(ctx);
        if (connection && connection.subscriptions >= MAX_SUBSCRIPTIONS_PER_CONNECTION) {
          return [new GraphQLError(`at most ${MAX_SUBSCRIPTIONS_PER_CONNECTION} subscriptions per connection; complete one first`, { extensions: { code: 'RESOURCE_EXHAUSTED' } })];
        }
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
        if (connection) connection.subscriptions++;
        const contextValue: GatewayContext = {
          requestId: `ws-${_id}`,
          caller: connection?.caller ?? null,
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
      // A client that does not answer the close frame is cut after a moment: shutdown does not wait on it.
      const until = Date.now() + CLOSE_GRACE_MS;
      while ([...wss.clients].some((c) => c.readyState !== c.CLOSED) && Date.now() < until) await new Promise((r) => setTimeout(r, 20));
      for (const client of wss.clients) client.terminate();
      await disposable.dispose();
      await new Promise<void>((resolve) => wss.close(() => resolve()));
    },
  };
}
