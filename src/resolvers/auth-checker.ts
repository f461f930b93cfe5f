// @Authorized() = any valid API key; @Authorized('partner') = partner keys only (api-contract "Access").
import type { AuthCheckerFn } from 'type-graphql';
import type { Caller, Role } from '../domain/caller';
import { DomainError } from '../domain/errors';
import type { GatewayContext } from './context';

export const authChecker: AuthCheckerFn<GatewayContext, Role> = ({ context }, roles) => {
  requireCaller(context);
  if (roles.length > 0 && !roles.includes(context.caller!.role)) {
    throw new DomainError('PERMISSION_DENIED', `the ${context.caller!.role} role may not call this operation`);
  }
  return true;
};

export function requireCaller(context: GatewayContext): Caller {
  if (!context.caller) {
    throw new DomainError('UNAUTHENTICATED', 'missing or unknown API key: send Authorization: Bearer <key>');
  }
  return context.caller;
}
