// Public API of the session/transport layer (see README.md).
export {
  type BroadcastResult,
  broadcastFromAll,
  broadcastRoundCount,
  reliableBroadcast,
} from './broadcast.ts';
export { NetError, type NetErrorKind } from './errors.ts';
export { decodeFrames, encodeFrames, type FrameLimits, framedLength } from './framing.ts';
export { Inbox, type InboxLimits, type InboxStats, TEST_INBOX_LIMITS } from './inbox.ts';
export {
  type FaultAction,
  type FaultRule,
  InMemoryNetwork,
  type InMemoryNetworkOptions,
  type MessageContext,
  type Selector,
} from './memory-transport.ts';
export {
  type ExchangeOptions,
  missingParties,
  type PayloadFor,
  type RoundMessages,
  requireAll,
  Session,
  type SessionOptions,
} from './session.ts';
export {
  checkSessionId,
  childSessionId,
  deriveSessionId,
  type SessionId,
  sessionIdHex,
} from './session-id.ts';
export {
  checkReceiveArguments,
  checkSendArguments,
  isMissing,
  MAX_ROUND,
  MISSING,
  type Missing,
  type Received,
  type Transport,
} from './transport.ts';
