// Switchboard browser client: an ES module with no dependencies.
// Served by every Switchboard server at /client/switchboard.js (types: /client/switchboard.d.ts).
//
//   import { Switchboard, login } from "/client/switchboard.js";
//   const session = await login("", "ada@example.com", "Corr3ct-Horse!");
//   const sb = new Switchboard({ url: "", tokenProvider: session.tokenProvider });
//   const topics = sb.topics();
//   await topics.subscribe("messages.channel.general", (m) => console.log(m.data));
//   const clock = sb.watchSession(sessionId, { onState: (s, event) => render(s) });
//   setInterval(() => show(clock.remainingMs()), 100);

export const ConnectionState = Object.freeze({
  CONNECTING: "connecting",
  CONNECTED: "connected",
  DISCONNECTED: "disconnected",
  CLOSED: "closed",
});

/** Exponential backoff with full jitter: attempt n waits random() * min(cap, base * 2^n). */
export class Backoff {
  constructor({ baseMs = 1000, capMs = 30000, random = Math.random } = {}) {
    if (!(baseMs > 0) || capMs < baseMs) throw new Error("need 0 < baseMs <= capMs");
    this.baseMs = baseMs;
    this.capMs = capMs;
    this.random = random;
  }
  ceilingMs(attempt) {
    return Math.min(this.capMs, this.baseMs * Math.pow(2, Math.min(Math.max(attempt, 0), 30)));
  }
  delayMs(attempt) {
    return Math.floor(Math.min(Math.max(this.random(), 0), 0.999999) * this.ceilingMs(attempt));
  }
}

/** A refusal from the server: numeric code, stable reason, message (and the HTTP status for REST). */
export class SwitchboardError extends Error {
  constructor(code, reason, message, status = 0) {
    super(`${reason}: ${message}`);
    this.name = "SwitchboardError";
    this.code = code;
    this.reason = reason;
    this.status = status;
  }
}

const DISCONNECTED_ERROR = () =>
  new SwitchboardError(0, "DISCONNECTED", "the connection went down before the answer");

function stripSlash(url) {
  return (url || "").replace(/\/+$/, "");
}

function wsBase(httpBase) {
  if (!httpBase) {
    const loc = globalThis.location;
    return (loc.protocol === "https:" ? "wss://" : "ws://") + loc.host;
  }
  return httpBase.replace(/^http/, "ws");
}

/** Reads exp from a JWT payload (not verified; the server does that). */
export function tokenExpiry(jwt) {
  try {
    const part = jwt.split(".")[1].replace(/-/g, "+").replace(/_/g, "/");
    const claims = JSON.parse(atob(part + "===".slice((part.length + 3) % 4)));
    return typeof claims.exp === "number" ? claims.exp * 1000 : Infinity;
  } catch (e) {
    return Infinity;
  }
}

/** Any REST route; answers the envelope's data (undefined for 204) or throws a SwitchboardError. */
export async function rest(baseUrl, method, path, { token, body, headers = {} } = {}) {
  const h = { Accept: "application/json", ...headers };
  if (token) h.Authorization = `Bearer ${token}`;
  if (body !== undefined) h["Content-Type"] = "application/json";
  const res = await fetch(stripSlash(baseUrl) + path, {
    method,
    headers: h,
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  if (res.status === 204) return undefined;
  let json;
  try {
    json = await res.json();
  } catch (e) {
    throw new SwitchboardError(0, "INVALID_RESPONSE", `not JSON (HTTP ${res.status})`, res.status);
  }
  if (!res.ok || !json.success) {
    const err = json.error || {};
    throw new SwitchboardError(err.code || 0, err.reason || `HTTP_${res.status}`, err.message || "", res.status);
  }
  return json.data;
}

export function register(baseUrl, email, name, password) {
  return rest(baseUrl, "POST", "/api/auth/register", { body: { email, name, password } });
}

/**
 * Logs in; the answer carries a tokenProvider that refreshes (POST /api/auth/refresh, rotating the refresh token)
 * when asked to or when the token has less than a fifth of its life (at most 60 s) left.
 */
export async function login(baseUrl, email, password) {
  const data = await rest(baseUrl, "POST", "/api/auth/login", { body: { email, password } });
  return withTokenProvider(baseUrl, data);
}

function withTokenProvider(baseUrl, data) {
  let current = data;
  let obtainedAt = Date.now();
  let inFlight = null;
  const expiresAt = () => Date.parse(current.expiresAt);
  const due = () => {
    const margin = Math.max(1000, Math.min(60000, (expiresAt() - obtainedAt) / 5));
    return Date.now() + margin >= expiresAt();
  };
  const tokenProvider = async (forceRefresh = false) => {
    if (inFlight) return inFlight;
    if (!forceRefresh && !due()) return { token: current.token, expiresAt: expiresAt() };
    inFlight = rest(baseUrl, "POST", "/api/auth/refresh", { body: { refreshToken: current.refreshToken } })
      .then((next) => {
        current = next;
        obtainedAt = Date.now();
        session.user = next.user;
        return { token: next.token, expiresAt: expiresAt() };
      })
      .finally(() => {
        inFlight = null;
      });
    return inFlight;
  };
  const session = {
    user: data.user,
    get token() {
      return current.token;
    },
    get expiresAt() {
      return current.expiresAt;
    },
    tokenProvider,
  };
  return session;
}

function matches(pattern, topic) {
  const p = pattern.split(".");
  const t = topic.split(".");
  const go = (i, j) => {
    if (i === p.length) return j === t.length;
    if (p[i] === "**") {
      for (let k = j; k <= t.length; k++) if (go(i + 1, k)) return true;
      return false;
    }
    if (j === t.length) return false;
    return (p[i] === "*" || p[i] === t[j]) && go(i + 1, j + 1);
  };
  return go(0, 0);
}

function isPattern(topic) {
  return topic.split(".").some((s) => s === "*" || s === "**");
}

class Emitter {
  constructor() {
    this._handlers = new Map();
  }
  on(event, fn) {
    if (!this._handlers.has(event)) this._handlers.set(event, new Set());
    this._handlers.get(event).add(fn);
    return () => this._handlers.get(event).delete(fn);
  }
  _emit(event, ...args) {
    for (const fn of this._handlers.get(event) || []) {
      try {
        fn(...args);
      } catch (e) {
        setTimeout(() => {
          throw e;
        });
      }
    }
  }
}

/**
 * One logical connection that outlives its sockets: a token from the provider, reconnect with full-jitter
 * backoff, terminal closes (1008; a refused upgrade whose token the server calls invalid) end it for good.
 */
class ManagedSocket extends Emitter {
  constructor(client) {
    super();
    this._client = client;
    this.state = ConnectionState.CONNECTING;
    this.lastDisconnect = null;
    /** Sockets opened so far (diagnostics). */
    this.connectAttempts = 0;
    this._attempt = 0;
    this._closed = false;
    this._ws = null;
    this._retry = null;
    this._forceRefresh = false;
    this._refreshedForUpgrade = false;
    this._connected = new Promise((resolve, reject) => {
      this._resolveConnected = resolve;
      this._rejectConnected = reject;
    });
    this._connected.catch(() => {});
  }

  /** Resolves when first connected; rejects if closed before. */
  connected() {
    return this._connected;
  }

  _setState(state, disconnect = null) {
    if (this.state === ConnectionState.CLOSED) return;
    this.state = state;
    if (disconnect) this.lastDisconnect = disconnect;
    this._emit("state", state, disconnect);
  }

  async _connect() {
    if (this._closed) return;
    this._retry = null;
    this._setState(ConnectionState.CONNECTING);
    let token;
    try {
      token = await this._client._token(this._forceRefresh);
      this._forceRefresh = false;
    } catch (e) {
      if (e instanceof SwitchboardError && e.code === 4) {
        this._terminate({ code: 401, reason: e.reason, terminal: true, retryInMs: null });
      } else {
        this._scheduleReconnect(1006, "TOKEN_UNAVAILABLE");
      }
      return;
    }
    if (this._closed) return;
    this.connectAttempts++;
    const ws = new this._client._WebSocket(this._url(token.token));
    this._ws = ws;
    let opened = false;
    ws.onopen = () => {
      opened = true;
      this._onOpen();
    };
    ws.onmessage = (e) => {
      if (this._ws !== ws) return;
      let frame;
      try {
        frame = JSON.parse(e.data);
      } catch (err) {
        return;
      }
      this._onFrame(frame);
    };
    ws.onclose = (e) => {
      if (this._ws !== ws) return;
      this._ws = null;
      this._onSocketClosed();
      if (this._closed) return;
      if (!opened) {
        this._upgradeFailed(token);
      } else if (this._terminalClose(e.code)) {
        this._terminate({ code: e.code, reason: e.reason || "policy", terminal: true, retryInMs: null });
      } else {
        this._scheduleReconnect(e.code, e.reason || "");
      }
    };
  }

  // Browsers hide the HTTP status of a refused upgrade (the socket just closes, 1006). To tell a bad token from a
  // network failure honestly, ask the REST API about the token once.
  async _upgradeFailed(token) {
    if (this._refreshedForUpgrade) {
      const status = await this._client._probeToken(token.token);
      if (status === 401) {
        this._terminate({ code: 401, reason: "TOKEN_INVALID", terminal: true, retryInMs: null });
        return;
      }
    } else {
      this._refreshedForUpgrade = true;
      const status = await this._client._probeToken(token.token);
      if (status === 401) {
        this._forceRefresh = true;
        this._connect();
        return;
      }
    }
    this._scheduleReconnect(1006, "UPGRADE_FAILED");
  }

  _scheduleReconnect(code, reason) {
    if (this._closed) return;
    const delay = this._client.backoff.delayMs(this._attempt++);
    this._retry = setTimeout(() => this._connect(), delay);
    this._setState(ConnectionState.DISCONNECTED, { code, reason, terminal: false, retryInMs: delay });
  }

  _terminate(disconnect) {
    this._closed = true;
    clearTimeout(this._retry);
    this._setState(ConnectionState.CLOSED, disconnect);
    this._rejectConnected(new SwitchboardError(0, disconnect.reason, `closed (${disconnect.code})`));
  }

  _ready() {
    this._attempt = 0;
    this._refreshedForUpgrade = false;
    this._setState(ConnectionState.CONNECTED);
    this._resolveConnected();
  }

  _send(frame) {
    if (!this._ws || this._ws.readyState !== 1) throw DISCONNECTED_ERROR();
    this._ws.send(JSON.stringify(frame));
  }

  _terminalClose(code) {
    return code === 1008;
  }

  _onOpen() {}
  _onSocketClosed() {}

  /** Closes for good: no reconnect. */
  close() {
    if (this._closed) return;
    this._closed = true;
    clearTimeout(this._retry);
    const ws = this._ws;
    this._ws = null;
    if (ws) ws.close(1000, "bye");
    this._onSocketClosed();
    this._setState(ConnectionState.CLOSED, null);
    this._rejectConnected(new SwitchboardError(0, "CLOSED", "closed by the application"));
  }
}

/**
 * The topic dialect: subscribe (exact topics and patterns), publish, presence, typing; the token renewed before it
 * expires and on TOKEN_EXPIRED; every subscription renewed after a reconnect with `since` (recovery).
 * Events: "state" (state, disconnect), "message" (message), "error" (SwitchboardError), "resync" (topics, reason).
 */
export class TopicConnection extends ManagedSocket {
  constructor(client) {
    super(client);
    this.userId = null;
    this._subs = new Map();
    this._pending = new Map();
    this._nextId = 0;
    this._authenticated = false;
    this._scheduledFor = null;
    this._refreshTimer = null;
  }

  _url(token) {
    return `${this._client._wsBase}/ws?token=${encodeURIComponent(token)}`;
  }

  /**
   * Subscribes; resolves with the first `subscribed` reply (also when it only comes after a reconnect).
   * `listener` is a function (message) or an object {onMessage, onSubscribed, onUnsubscribed, onResync}.
   */
  subscribe(topic, listener) {
    if (this._subs.has(topic)) return Promise.reject(new Error(`already subscribed to ${topic}`));
    const l = typeof listener === "function" ? { onMessage: listener } : listener || {};
    const sub = { topic, pattern: isPattern(topic), listener: l, everSubscribed: false, offset: null, epoch: null,
      lastTimestamp: null, positions: {} };
    sub.first = new Promise((resolve, reject) => {
      sub.resolve = resolve;
      sub.reject = reject;
    });
    sub.first.catch(() => {});
    this._subs.set(topic, sub);
    if (this._authenticated) this._sendSubscribe(sub, false);
    return sub.first;
  }

  async unsubscribe(topic) {
    const sub = this._subs.get(topic);
    if (!sub) return;
    this._subs.delete(topic);
    sub.reject(new SwitchboardError(0, "UNSUBSCRIBED", "unsubscribed"));
    if (this._authenticated) await this._request({ type: "unsubscribe", topic });
  }

  subscriptions() {
    return [...this._subs.keys()];
  }

  async publish(topic, content, data) {
    const frame = { type: "message", topic };
    if (content !== undefined && content !== null) frame.content = content;
    if (data !== undefined) frame.data = data;
    const r = await this._request(frame);
    return { topic: r.topic, messageId: r.messageId };
  }

  /** Who is present on a topic: {topic, users:[{userId, name, since}], total}. */
  async presence(topic) {
    const r = await this._request({ type: "presence", topic });
    return { topic: r.topic, users: r.users || [], total: r.total ?? (r.users || []).length };
  }

  /** Typing indicator; repeat `true` every few seconds while typing (the server ends it after its TTL). */
  typing(topic, typing) {
    this._send({ type: "typing", topic, typing: !!typing });
  }

  async ping() {
    const start = performance.now();
    await this._request({ type: "ping" });
    return performance.now() - start;
  }

  _onFrame(f) {
    switch (f.type) {
      case "auth_success":
        return this._authenticatedFrame(f);
      case "subscribed":
        return this._subscribedFrame(f);
      case "unsubscribed":
        return this._unsubscribedFrame(f);
      case "message":
        return this._messageFrame(f);
      case "resync":
        return this._resyncFrame(f);
      case "error":
        return this._errorFrame(f);
      default:
        return this._answer(f);
    }
  }

  _authenticatedFrame(f) {
    this.userId = f.userId;
    const first = !this._authenticated;
    this._authenticated = true;
    this._scheduleRefresh(Date.parse(f.expiresAt));
    if (first) for (const sub of this._subs.values()) this._sendSubscribe(sub, sub.everSubscribed);
    this._answer(f);
    if (first) this._ready();
  }

  _subscribedFrame(f) {
    const p = f.id && this._pending.get(f.id);
    if (!p || !p.sub) return;
    this._pending.delete(f.id);
    const sub = p.sub;
    const info = { topic: f.topic, recovered: f.recovered ?? null, offset: f.offset ?? null, epoch: f.epoch ?? null,
      reason: f.reason ?? null, resubscribe: p.resubscribe };
    sub.everSubscribed = true;
    if (info.offset != null && !sub.pattern && (sub.offset == null || info.recovered === false)) {
      sub.offset = info.offset;
      sub.epoch = info.epoch;
    }
    sub.resolve({ topic: sub.topic, unsubscribe: () => this.unsubscribe(sub.topic) });
    sub.listener.onSubscribed?.(info);
  }

  _unsubscribedFrame(f) {
    if (f.id) return this._answer(f);
    const sub = this._subs.get(f.topic);
    if (!sub) return;
    this._subs.delete(f.topic);
    sub.listener.onUnsubscribed?.(f.topic, f.reason);
  }

  _messageFrame(f) {
    const m = { topic: f.topic, eventType: f.eventType, data: f.data, offset: f.offset ?? null,
      epoch: f.epoch ?? null, timestamp: f.timestamp };
    for (const sub of this._subs.values()) {
      if (sub.pattern ? matches(sub.topic, m.topic) : sub.topic === m.topic) {
        if (m.timestamp) sub.lastTimestamp = Date.parse(m.timestamp);
        if (m.offset != null) {
          if (sub.pattern) sub.positions[m.topic] = { offset: m.offset, epoch: m.epoch };
          else {
            sub.offset = m.offset;
            sub.epoch = m.epoch;
          }
        }
        sub.listener.onMessage?.(m);
      }
    }
    this._emit("message", m);
  }

  _resyncFrame(f) {
    const topics = f.topics || [];
    for (const sub of this._subs.values()) {
      if (topics.length === 0 || topics.includes(sub.topic)) sub.listener.onResync?.(topics, f.reason);
    }
    this._emit("resync", topics, f.reason);
  }

  _errorFrame(f) {
    const err = new SwitchboardError(f.code, f.reason, f.message);
    const p = f.id && this._pending.get(f.id);
    if (p) {
      this._pending.delete(f.id);
      if (p.sub) {
        const removed = this._subs.get(p.sub.topic) === p.sub;
        if (removed) this._subs.delete(p.sub.topic);
        p.sub.reject(err);
        if (removed && p.resubscribe) p.sub.listener.onUnsubscribed?.(p.sub.topic, err.reason);
      } else {
        p.reject(err);
      }
      return;
    }
    if (f.code === 4 && f.reason === "TOKEN_EXPIRED") this._renewToken();
    this._emit("error", err);
  }

  _answer(f) {
    const p = f.id && this._pending.get(f.id);
    if (!p || p.sub) return;
    this._pending.delete(f.id);
    clearTimeout(p.timer);
    p.resolve(f);
  }

  _scheduleRefresh(expiresAt) {
    if (!expiresAt || expiresAt === this._scheduledFor) return;
    this._scheduledFor = expiresAt;
    clearTimeout(this._refreshTimer);
    const left = expiresAt - Date.now();
    const margin = Math.max(1000, Math.min(60000, left / 5));
    this._refreshTimer = setTimeout(() => this._renewToken(), Math.max(0, left - margin));
  }

  async _renewToken() {
    try {
      const token = await this._client._token(true);
      if (this._authenticated) await this._request({ type: "auth", token: token.token });
    } catch (e) {
      // The server closes with 1008 when the token is not renewed in time; that close is terminal.
    }
  }

  _onSocketClosed() {
    this._authenticated = false;
    this._scheduledFor = null;
    clearTimeout(this._refreshTimer);
    for (const p of this._pending.values()) {
      if (!p.sub) {
        clearTimeout(p.timer);
        p.reject(DISCONNECTED_ERROR());
      }
    }
    this._pending.clear();
  }

  close() {
    const subs = [...this._subs.values()];
    super.close();
    for (const s of subs) s.reject(new SwitchboardError(0, "CLOSED", "closed"));
  }

  _sendSubscribe(sub, resubscribe) {
    const id = `s${++this._nextId}`;
    this._pending.set(id, { sub, resubscribe });
    const frame = { type: "subscribe", topic: sub.topic, id };
    if (resubscribe) {
      if (!sub.pattern && sub.offset != null) frame.since = { offset: sub.offset, epoch: sub.epoch };
      else if (sub.pattern && sub.lastTimestamp != null) {
        frame.since = { timestamp: sub.lastTimestamp };
        if (Object.keys(sub.positions).length) frame.since.positions = { ...sub.positions };
      }
    }
    try {
      this._send(frame);
    } catch (e) {
      // sent again after the reconnect
    }
  }

  _request(frame) {
    if (!this._authenticated) return Promise.reject(DISCONNECTED_ERROR());
    const id = `r${++this._nextId}`;
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        this._pending.delete(id);
        reject(new SwitchboardError(0, "TIMEOUT", "no answer in time"));
      }, this._client.requestTimeoutMs);
      this._pending.set(id, { resolve, reject, timer });
      try {
        this._send({ ...frame, id });
      } catch (e) {
        clearTimeout(timer);
        this._pending.delete(id);
        reject(e);
      }
    });
  }
}

/**
 * The clock offset of the server to this browser from PING/PONG samples: offset = serverTime - (sentAt + rtt/2);
 * the sample with the lowest round trip among the last 16 wins.
 */
export class ClockEstimator {
  constructor() {
    this.samples = [];
  }
  add(sentAtMs, receivedAtMs, serverMs) {
    const rtt = Math.max(0, receivedAtMs - sentAtMs);
    const sample = { rttMs: rtt, offsetMs: serverMs + 0.5 - (sentAtMs + rtt / 2) };
    this.samples.push(sample);
    if (this.samples.length > 16) this.samples.shift();
    return sample;
  }
  best() {
    return this.samples.reduce((b, s) => (b === null || s.rttMs < b.rttMs ? s : b), null);
  }
  get offsetMs() {
    const b = this.best();
    return b ? b.offsetMs : 0;
  }
}

const BURST = 8;

/**
 * The session dialect: the latest state (never an older version after a newer one), the clock offset from
 * PING/PONG, and remainingMs() computed from them (nothing ticks on the wire).
 * Events: "state" (connection state, disconnect), "update" (state, event), "deleted", "error" (code, message).
 */
export class SessionWatcher extends ManagedSocket {
  constructor(client, sessionId, { onState, onDeleted, onError, pingIntervalMs = 15000 } = {}) {
    super(client);
    this.sessionId = sessionId;
    this.session = null;
    this.clock = new ClockEstimator();
    this._handlers2 = { onState, onDeleted, onError };
    this._pingIntervalMs = pingIntervalMs;
    this._deleted = false;
    this._pingSentAt = -1;
    this._burstLeft = 0;
    this._pinger = null;
  }

  _url(token) {
    return `${this._client._wsBase}/ws?sessionId=${encodeURIComponent(this.sessionId)}&token=${encodeURIComponent(token)}`;
  }

  get clockOffsetMs() {
    return this.clock.offsetMs;
  }

  /** The server's clock now, as estimated (epoch ms). */
  serverNow() {
    return performance.timeOrigin + performance.now() + this.clock.offsetMs;
  }

  /** Time left on the running clock (or a participant's), now; null when there is none or no limit. */
  remainingMs(participantId) {
    const s = this.session;
    if (!s) return null;
    const id = participantId ?? s.activeParticipantId;
    const p = (s.participants || []).find((x) => x.participantId === id);
    if (!p || typeof p.remainingMs !== "number") return null;
    if (s.status !== "running" || !s.cycleStartedAt || !this._runsNow(s, p)) return p.remainingMs;
    return Math.round(p.remainingMs - (this.serverNow() - Date.parse(s.cycleStartedAt)));
  }

  _runsNow(s, p) {
    const active = s.activeParticipantId;
    if (!active) return false;
    if (s.syncMode === "global" || s.syncMode === "count_up") return true;
    if (s.syncMode === "per_group") {
      const a = s.participants.find((x) => x.participantId === active);
      return !!a && a.groupId != null && a.groupId === p.groupId;
    }
    return active === p.participantId;
  }

  /** Asks for the current state again (STATE_SYNC, or ERROR SESSION_NOT_FOUND). */
  resync() {
    this._send({ type: "RECONNECT" });
  }

  _terminalClose(code) {
    return code === 1008 || this._deleted;
  }

  _onFrame(f) {
    switch (f.type) {
      case "CONNECTED":
        this._burstLeft = BURST;
        this._pingSentAt = -1;
        this._ready();
        this._ping();
        break;
      case "STATE_SYNC":
        this._stateFrame(f.state, null);
        break;
      case "STATE_UPDATE":
        this._stateFrame(f.state, f.event);
        break;
      case "PONG":
        this._pong(f);
        break;
      case "SESSION_DELETED":
        this._deleted = true;
        this._handlers2.onDeleted?.(this.sessionId);
        this._emit("deleted", this.sessionId);
        break;
      case "ERROR":
        this._handlers2.onError?.(f.code, f.message);
        this._emit("error", f.code, f.message);
        break;
      default:
    }
  }

  _stateFrame(state, event) {
    const current = this.session;
    if (current && (state.version < current.version || (event && state.version <= current.version))) return;
    this.session = state;
    this._handlers2.onState?.(state, event);
    this._emit("update", state, event);
  }

  _ping() {
    const now = performance.now();
    if (this._pingSentAt >= 0 && now - this._pingSentAt < 5000) return;
    this._pingSentAt = now;
    try {
      this._send({ type: "PING" });
    } catch (e) {
      this._pingSentAt = -1;
    }
  }

  _pong(f) {
    const received = performance.now();
    if (this._pingSentAt < 0 || typeof f.timestamp !== "number") return;
    const origin = performance.timeOrigin;
    this.clock.add(origin + this._pingSentAt, origin + received, f.timestamp);
    this._pingSentAt = -1;
    if (this._burstLeft > 0) this._burstLeft--;
    clearTimeout(this._pinger);
    this._pinger = setTimeout(() => this._ping(), this._burstLeft > 0 ? 25 : this._pingIntervalMs);
  }

  _onSocketClosed() {
    this._pingSentAt = -1;
    clearTimeout(this._pinger);
  }
}

/**
 * The entry point. `url` is the server's HTTP address ("" for the page's own origin); give `token` (a JWT that is
 * never refreshed) or `tokenProvider` (async (forceRefresh) => token string or {token, expiresAt}).
 */
export class Switchboard {
  constructor({ url = "", token, tokenProvider, backoff, requestTimeoutMs = 10000, WebSocket: WS } = {}) {
    if (!token && !tokenProvider) throw new Error("a token or a tokenProvider is needed");
    this.url = stripSlash(url);
    this._wsBase = wsBase(this.url);
    this._provider = tokenProvider || (async () => token);
    this.backoff = backoff instanceof Backoff ? backoff : new Backoff(backoff || {});
    this.requestTimeoutMs = requestTimeoutMs;
    this._WebSocket = WS || globalThis.WebSocket;
    this._connections = new Set();
  }

  async _token(forceRefresh) {
    const t = await this._provider(forceRefresh);
    if (typeof t === "string") return { token: t, expiresAt: tokenExpiry(t) };
    return { token: t.token, expiresAt: typeof t.expiresAt === "string" ? Date.parse(t.expiresAt) : t.expiresAt };
  }

  async _probeToken(token) {
    try {
      const res = await fetch(`${this.url}/api/auth/me`, { headers: { Authorization: `Bearer ${token}` } });
      return res.status;
    } catch (e) {
      return 0;
    }
  }

  /** A REST call with the current token. */
  async rest(method, path, body) {
    const { token } = await this._token(false);
    return rest(this.url, method, path, { token, body });
  }

  /** A new topic connection (connecting now). */
  topics() {
    const c = new TopicConnection(this);
    this._connections.add(c);
    c._connect();
    return c;
  }

  /** A new session watcher (connecting now). */
  watchSession(sessionId, handlers = {}) {
    const w = new SessionWatcher(this, sessionId, handlers);
    this._connections.add(w);
    w._connect();
    return w;
  }

  close() {
    for (const c of this._connections) c.close();
    this._connections.clear();
  }
}
