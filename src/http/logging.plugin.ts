// One structured line per GraphQL request: id, operation, duration, error codes. Variables and
// results are never logged: they carry names, e-mail addresses and phone numbers.
import type { ApolloServerPlugin } from '@apollo/server';
import { unwrapResolverError } from '@apollo/server/errors';
import { DomainError } from '../domain/errors';
import type { GatewayContext } from '../resolvers/context';
import { isUnexpected } from './format-error';
import type { Logger } from './logger';

export function loggingPlugin(logger: Logger): ApolloServerPlugin<GatewayContext> {
  return {
    async requestDidStart({ contextValue }) {
      const started = performance.now();
      let operation: string | undefined;
      return {
        async didResolveOperation({ operationName, operation: op }) {
          operation = operationName ?? op?.operation;
        },
        async didEncounterErrors({ errors }) {
          for (const error of errors) {
            const cause = unwrapResolverError(error);
            if (cause instanceof DomainError && cause.code === 'UNAVAILABLE') {
              const what = cause.reason === 'PAYMENT_OUTCOME_UNKNOWN' ? 'payment processor did not answer' : 'store unavailable';
              logger.warn({ requestId: contextValue.requestId, err: cause.cause }, what);
              continue;
            }
            if (!isUnexpected(error)) continue;
            logger.error(
              { requestId: contextValue.requestId, path: error.path, err: cause instanceof Error ? cause : String(cause) },
              'unexpected error',
            );
          }
        },
        async willSendResponse({ response }) {
          const errors = response.body.kind === 'single' ? response.body.singleResult.errors : undefined;
          logger.info(
            {
              requestId: contextValue.requestId,
              operation,
              caller: contextValue.caller?.id,
              durationMs: Math.round((performance.now() - started) * 10) / 10,
              errorCodes: errors?.map((e) => e.extensions?.code),
            },
            'graphql request',
          );
        },
      };
    },
  };
}
