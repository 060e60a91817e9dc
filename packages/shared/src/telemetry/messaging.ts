import type { Attributes } from '@opentelemetry/api';
import type { MessagingTarget } from '../ports/messaging.js';
import { ATTR } from './attributes.js';

/**
 * The messaging semantic conventions' attributes of a producer or consumer span: the system
 * and destination from the stream's or queue's adapter (`messaging`), the operation's type
 * (`send`, `process`, …, the conventions' values) and name (the system's word for it). Without
 * a target (a test double) the destination is `fallback`, and the system is left out.
 */
export function messagingAttributes(
  target: MessagingTarget | undefined,
  operation: { type: 'send' | 'receive' | 'process' | 'create' | 'settle'; name: string },
  fallback?: string,
): Attributes {
  const destination = target?.destination ?? fallback;
  return {
    ...(target ? { [ATTR.messagingSystem]: target.system } : {}),
    ...(destination ? { [ATTR.messagingDestination]: destination } : {}),
    ...(target?.serverAddress ? { [ATTR.serverAddress]: target.serverAddress } : {}),
    [ATTR.messagingOperationType]: operation.type,
    [ATTR.messagingOperationName]: operation.name,
  };
}
