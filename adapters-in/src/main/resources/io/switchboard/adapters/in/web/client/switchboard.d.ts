// Types of the Switchboard browser client (/client/switchboard.js), an ES module with no dependencies.

export declare const ConnectionState: {
  readonly CONNECTING: "connecting";
  readonly CONNECTED: "connected";
  readonly DISCONNECTED: "disconnected";
  readonly CLOSED: "closed";
};
export type ConnectionStateValue = (typeof ConnectionState)[keyof typeof ConnectionState];

/** Why a connection went down: a close code, 401 for a refused token, 1006 for a broken socket. */
export interface Disconnect {
  code: number;
  reason: string;
  /** true: no reconnect (1008, a bad token, a deleted session). */
  terminal: boolean;
  /** The delay before the next attempt; null when terminal. */
  retryInMs: number | null;
}

export declare class Backoff {
  constructor(options?: { baseMs?: number; capMs?: number; random?: () => number });
  readonly baseMs: number;
  readonly capMs: number;
  ceilingMs(attempt: number): number;
  /** random() * min(cap, base * 2^attempt): full jitter. */
  delayMs(attempt: number): number;
}

export declare class SwitchboardError extends Error {
  constructor(code: number, reason: string, message: string, status?: number);
  /** The contract's numeric code (4 UNAUTHORIZED, 5 FORBIDDEN, ...); 0 for client-side failures. */
  readonly code: number;
  /** Stable upper-snake reason: TOKEN_EXPIRED, SUBSCRIBE_FORBIDDEN, DISCONNECTED, TIMEOUT, ... */
  readonly reason: string;
  /** HTTP status of a REST answer, else 0. */
  readonly status: number;
}

export interface AccessToken {
  token: string;
  /** Epoch ms, or an ISO-8601 string. */
  expiresAt: number | string;
}
export type TokenProvider = (forceRefresh: boolean) => Promise<string | AccessToken>;

export interface PublicUser {
  id: string;
  email: string;
  name: string;
  roles: string[];
  createdAt: string;
  updatedAt: string;
}

export interface LoginSession {
  user: PublicUser;
  readonly token: string;
  readonly expiresAt: string;
  /** Refreshes through POST /api/auth/refresh when asked to or shortly before expiry. */
  tokenProvider: TokenProvider;
}

export declare function tokenExpiry(jwt: string): number;
export declare function rest<T = unknown>(
  baseUrl: string,
  method: string,
  path: string,
  options?: { token?: string; body?: unknown; headers?: Record<string, string> },
): Promise<T>;
export declare function register(baseUrl: string, email: string, name: string, password: string): Promise<PublicUser>;
export declare function login(baseUrl: string, email: string, password: string): Promise<LoginSession>;

export interface Message {
  topic: string;
  eventType: string;
  data: any;
  /** Set on topics the server keeps history for. */
  offset: number | null;
  epoch: string | null;
  timestamp: string;
}

export interface Subscribed {
  topic: string;
  /** After a reconnect: true all missed events were replayed; false re-read state over REST; null no history. */
  recovered: boolean | null;
  offset: number | null;
  epoch: string | null;
  reason: string | null;
  resubscribe: boolean;
}

export interface TopicListener {
  onMessage?(message: Message): void;
  onSubscribed?(info: Subscribed): void;
  onUnsubscribed?(topic: string, reason: string): void;
  onResync?(topics: string[], reason: string): void;
}

export interface Subscription {
  topic: string;
  unsubscribe(): Promise<void>;
}

export interface PresenceUser {
  userId: string;
  name: string;
  since: string;
}

declare class ManagedSocket {
  readonly state: ConnectionStateValue;
  readonly lastDisconnect: Disconnect | null;
  /** Sockets opened so far (diagnostics). */
  readonly connectAttempts: number;
  connected(): Promise<void>;
  close(): void;
  on(event: "state", fn: (state: ConnectionStateValue, disconnect: Disconnect | null) => void): () => void;
}

export declare class TopicConnection extends ManagedSocket {
  readonly userId: string | null;
  subscribe(topic: string, listener: ((message: Message) => void) | TopicListener): Promise<Subscription>;
  unsubscribe(topic: string): Promise<void>;
  subscriptions(): string[];
  publish(topic: string, content?: string | null, data?: unknown): Promise<{ topic: string; messageId?: string }>;
  presence(topic: string): Promise<{ topic: string; users: PresenceUser[]; total: number }>;
  typing(topic: string, typing: boolean): void;
  ping(): Promise<number>;
  on(event: "state", fn: (state: ConnectionStateValue, disconnect: Disconnect | null) => void): () => void;
  on(event: "message", fn: (message: Message) => void): () => void;
  on(event: "error", fn: (error: SwitchboardError) => void): () => void;
  on(event: "resync", fn: (topics: string[], reason: string) => void): () => void;
}

export declare class ClockEstimator {
  readonly samples: { rttMs: number; offsetMs: number }[];
  add(sentAtMs: number, receivedAtMs: number, serverMs: number): { rttMs: number; offsetMs: number };
  best(): { rttMs: number; offsetMs: number } | null;
  readonly offsetMs: number;
}

/** A SessionState as the server sends it (see docs/sessions.md). */
export interface SessionState {
  sessionId: string;
  ownerId: string;
  syncMode: "per_participant" | "per_cycle" | "global" | "count_up" | "per_group";
  status: "pending" | "running" | "paused" | "completed" | "expired";
  version: number;
  participants: {
    participantId: string;
    index: number;
    remainingMs: number | null;
    usedMs: number;
    cycleCount: number;
    isActive: boolean;
    hasExpired: boolean;
    groupId?: string;
  }[];
  activeParticipantId: string | null;
  cycleStartedAt: string | null;
  [field: string]: unknown;
}

export interface SessionHandlers {
  onState?(state: SessionState, event: string | null): void;
  onDeleted?(sessionId: string): void;
  onError?(code: string, message: string): void;
  pingIntervalMs?: number;
}

export declare class SessionWatcher extends ManagedSocket {
  readonly sessionId: string;
  readonly session: SessionState | null;
  readonly clock: ClockEstimator;
  readonly clockOffsetMs: number;
  serverNow(): number;
  remainingMs(participantId?: string): number | null;
  resync(): void;
  on(event: "state", fn: (state: ConnectionStateValue, disconnect: Disconnect | null) => void): () => void;
  on(event: "update", fn: (state: SessionState, event: string | null) => void): () => void;
  on(event: "deleted", fn: (sessionId: string) => void): () => void;
  on(event: "error", fn: (code: string, message: string) => void): () => void;
}

export interface SwitchboardOptions {
  /** The server's HTTP address; "" (default) for the page's own origin. */
  url?: string;
  token?: string;
  tokenProvider?: TokenProvider;
  backoff?: Backoff | { baseMs?: number; capMs?: number; random?: () => number };
  requestTimeoutMs?: number;
  WebSocket?: typeof WebSocket;
}

export declare class Switchboard {
  constructor(options: SwitchboardOptions);
  readonly url: string;
  readonly backoff: Backoff;
  rest<T = unknown>(method: string, path: string, body?: unknown): Promise<T>;
  topics(): TopicConnection;
  watchSession(sessionId: string, handlers?: SessionHandlers): SessionWatcher;
  close(): void;
}
