import Resolver from '@forge/resolver';
import { RESOLVER_KEYS } from '../contract';
import type { ResolverHandlers, ResolverRequest } from './handlers';

/**
 * The Forge resolver function: `@forge/resolver` definitions with one entry per contract key. The
 * local harness calls the very same function shape Forge calls:
 * `(({ call: { functionKey, payload }, context }, { principal: { accountId } })`.
 */
export function resolverDefinitions(handlers: ResolverHandlers) {
  const resolver = new Resolver();
  for (const key of RESOLVER_KEYS) {
    resolver.define(key, (req) => handlers[key]({ payload: req.payload, context: req.context as ResolverRequest['context'] }));
  }
  return resolver.getDefinitions();
}
