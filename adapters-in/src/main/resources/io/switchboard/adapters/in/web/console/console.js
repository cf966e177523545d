// The Switchboard console: a page of the jar, built on the browser client (/client/switchboard.js).
// No inline script or style, nothing from another origin (the page is served with a strict CSP).
import { Switchboard, login, register, ConnectionState } from "/client/switchboard.js";

const $ = (id) => document.getElementById(id);
const el = (tag, text, cls) => {
  const e = document.createElement(tag);
  if (text !== undefined && text !== null) e.textContent = String(text);
  if (cls) e.className = cls;
  return e;
};
const FEED_MAX = 200;

const app = { session: null, sb: null, topics: null, watcher: null, clockTimer: null, typing: new Map(),
  connPage: 1, topicPage: 1, nodePage: 1, channel: null };

function isAdmin() {
  return !!app.session && (app.session.user.roles || []).includes("admin");
}

function showError(id, e) {
  $(id).textContent = e ? (e.reason ? `${e.reason}: ${e.message.replace(/^[A-Z_]+: /, "")}` : String(e.message || e)) : "";
}

async function guarded(errorId, fn) {
  showError(errorId, null);
  try {
    await fn();
  } catch (e) {
    showError(errorId, e);
  }
}

// ---- sign in / up --------------------------------------------------------------------------------------------------

$("signin-form").addEventListener("submit", (ev) => {
  ev.preventDefault();
  guarded("auth-error", async () => {
    const session = await login("", $("email").value.trim(), $("password").value);
    signedIn(session);
  });
});

$("signup").addEventListener("click", () => {
  guarded("auth-error", async () => {
    const email = $("email").value.trim();
    const name = $("name").value.trim() || email.split("@")[0];
    await register("", email, name, $("password").value);
    signedIn(await login("", email, $("password").value));
  });
});

$("signout").addEventListener("click", () => {
  if (app.sb) app.sb.close();
  clearInterval(app.clockTimer);
  location.reload();
});

function signedIn(session) {
  app.session = session;
  app.sb = new Switchboard({ url: "", tokenProvider: session.tokenProvider });
  app.topics = app.sb.topics();
  app.topics.on("state", (state, d) => {
    const s = $("conn-state");
    s.textContent = d && state !== ConnectionState.CONNECTED ? `${state} (${d.code}${d.reason ? " " + d.reason : ""})` : state;
    s.className = `state ${state}`;
  });
  app.topics.on("message", onMessage);
  app.topics.on("error", (e) => showError("topics-error", e));
  $("whoami").textContent = `${session.user.name} <${session.user.email}>${isAdmin() ? " (admin)" : ""}`;
  $("whoami").dataset.userId = session.user.id;
  $("auth").hidden = true;
  $("tabs").hidden = false;
  $("signout").hidden = false;
  $("tab-admin").hidden = !isAdmin();
  showTab("topics");
}

// ---- tabs ----------------------------------------------------------------------------------------------------------

document.querySelectorAll("#tabs button").forEach((b) => b.addEventListener("click", () => showTab(b.dataset.tab)));

function showTab(name) {
  for (const b of document.querySelectorAll("#tabs button")) b.classList.toggle("active", b.dataset.tab === name);
  for (const s of ["topics", "channels", "sessions", "admin"]) $(s).hidden = s !== name;
  if (name === "channels") loadChannels();
  if (name === "admin") loadAdmin();
}

// ---- topics --------------------------------------------------------------------------------------------------------

$("sub-form").addEventListener("submit", (ev) => {
  ev.preventDefault();
  const topic = $("sub-topic").value.trim();
  guarded("topics-error", async () => {
    await app.topics.subscribe(topic, {
      onMessage: () => {},
      onUnsubscribed: (t, reason) => {
        feed(`unsubscribed ${t} (${reason})`);
        renderSubs();
      },
      onSubscribed: (info) => {
        if (info.resubscribe) feed(`resubscribed ${info.topic}${info.recovered === false ? " (not recovered: reload)" : ""}`);
      },
    });
    renderSubs();
    if (!topic.includes("*")) $("presence-topic").value = topic;
    if (!$("pub-topic").value) $("pub-topic").value = topic.includes("*") ? "" : topic;
  });
});

function renderSubs() {
  const list = $("sub-list");
  list.replaceChildren();
  for (const topic of app.topics.subscriptions()) {
    const li = el("li");
    li.append(el("code", topic));
    const b = el("button", "Unsubscribe");
    b.type = "button";
    b.addEventListener("click", () => guarded("topics-error", async () => {
      await app.topics.unsubscribe(topic);
      renderSubs();
    }));
    li.append(b);
    list.append(li);
  }
}

function feed(text, cls) {
  const f = $("feed");
  const li = el("li", text, cls);
  f.prepend(li);
  while (f.children.length > FEED_MAX) f.lastChild.remove();
}

function onMessage(m) {
  if (m.eventType === "typing") {
    const who = m.data.name || m.data.userId;
    if (m.data.typing) app.typing.set(who, Date.now());
    else app.typing.delete(who);
    renderTyping();
    return;
  }
  if (m.eventType === "presence.join" || m.eventType === "presence.leave") {
    const verb = m.eventType === "presence.join" ? "joined" : "left";
    feed(`${m.topic}: ${m.data.name || m.data.userId} ${verb}`, "presence");
    if ($("presence-topic").value === m.topic) refreshPresence();
    return;
  }
  const content = m.data && (m.data.content ?? (m.data.data !== undefined ? JSON.stringify(m.data.data) : null));
  feed(`${m.topic} ${m.eventType}: ${content ?? JSON.stringify(m.data)}`, "message");
}

function renderTyping() {
  const now = Date.now();
  for (const [who, at] of app.typing) if (now - at > 7000) app.typing.delete(who);
  const names = [...app.typing.keys()];
  $("typing").textContent = names.length ? `${names.join(", ")} typing...` : "";
}
setInterval(renderTyping, 1000);

$("pub-form").addEventListener("submit", (ev) => {
  ev.preventDefault();
  guarded("topics-error", async () => {
    const topic = $("pub-topic").value.trim();
    await app.topics.publish(topic, $("pub-content").value);
    $("pub-content").value = "";
    app.topics.typing(topic, false);
  });
});

let lastTyping = 0;
$("pub-content").addEventListener("input", () => {
  const topic = $("pub-topic").value.trim();
  const now = Date.now();
  if (!topic || topic.includes("*") || now - lastTyping < 2000) return;
  lastTyping = now;
  try {
    app.topics.typing(topic, true);
  } catch (e) {
    // not connected: nothing to tell
  }
});

$("presence-form").addEventListener("submit", (ev) => {
  ev.preventDefault();
  refreshPresence();
});

function refreshPresence() {
  guarded("topics-error", async () => {
    const p = await app.topics.presence($("presence-topic").value.trim());
    const list = $("presence-list");
    list.replaceChildren();
    for (const u of p.users) list.append(el("li", `${u.name || u.userId}`));
    list.append(el("li", `${p.total} present`, "muted"));
  });
}

// ---- channels ------------------------------------------------------------------------------------------------------

$("channel-form").addEventListener("submit", (ev) => {
  ev.preventDefault();
  guarded("channels-error", async () => {
    await app.sb.rest("POST", "/api/channels", { channelId: $("channel-id").value.trim(),
      name: $("channel-name").value.trim(), private: $("channel-private").checked });
    loadChannels();
  });
});
$("channel-refresh").addEventListener("click", () => loadChannels());

function loadChannels() {
  guarded("channels-error", async () => {
    const page = await app.sb.rest("GET", "/api/channels?limit=100");
    const list = $("channel-list");
    list.replaceChildren();
    for (const c of page.items) {
      const li = el("li");
      li.append(el("code", c.channelId), el("span", `${c.name} - ${c.memberCount} members${c.private ? " (private)" : ""}`));
      const b = el("button", "Members");
      b.type = "button";
      b.addEventListener("click", () => loadMembers(c.channelId));
      li.append(b);
      list.append(li);
    }
  });
}

function loadMembers(channelId) {
  app.channel = channelId;
  $("members-title").textContent = `Members of ${channelId}`;
  $("member-form").hidden = false;
  guarded("channels-error", async () => {
    const page = await app.sb.rest("GET", `/api/channels/${encodeURIComponent(channelId)}/members?limit=100`);
    const list = $("member-list");
    list.replaceChildren();
    for (const m of page.items) list.append(el("li", `${m.name} (${m.role})`));
  });
}

$("member-form").addEventListener("submit", (ev) => {
  ev.preventDefault();
  const user = $("member-user").value.trim() || app.session.user.id;
  guarded("channels-error", async () => {
    await app.sb.rest("PUT", `/api/channels/${encodeURIComponent(app.channel)}/members/${encodeURIComponent(user)}`, {});
    loadMembers(app.channel);
  });
});

// ---- sessions ------------------------------------------------------------------------------------------------------

$("session-create-form").addEventListener("submit", (ev) => {
  ev.preventDefault();
  guarded("sessions-error", async () => {
    const ids = $("session-participants").value.split(",").map((s) => s.trim()).filter(Boolean);
    const participants = (ids.length ? ids : [app.session.user.id, "bob"]).map((participantId) => ({ participantId }));
    const mode = $("session-mode").value;
    const time = Number($("session-time").value);
    const body = { syncMode: mode, participants };
    if (mode === "per_cycle") body.timePerCycleMs = time;
    else if (mode === "count_up") body.maxTimeMs = time;
    else body.totalTimeMs = time;
    const state = await app.sb.rest("POST", "/api/sessions", body);
    $("session-id").value = state.sessionId;
    watch(state.sessionId);
  });
});

$("session-watch-form").addEventListener("submit", (ev) => {
  ev.preventDefault();
  watch($("session-id").value.trim());
});

document.querySelectorAll("#session-view button[data-op]").forEach((b) =>
  b.addEventListener("click", () => guarded("sessions-error", async () => {
    await app.sb.rest("POST", `/api/sessions/${app.watcher.sessionId}/${b.dataset.op}`);
  })));

function watch(sessionId) {
  if (app.watcher) app.watcher.close();
  $("session-events").replaceChildren();
  app.watcher = app.sb.watchSession(sessionId, {
    onState: (state, event) => {
      const li = el("li", `v${state.version} ${event || "STATE_SYNC"} ${state.status}`);
      $("session-events").prepend(li);
      renderSession();
    },
    onDeleted: () => $("session-events").prepend(el("li", "SESSION_DELETED")),
    onError: (code, message) => showError("sessions-error", { reason: code, message }),
  });
  $("session-view").hidden = false;
  clearInterval(app.clockTimer);
  app.clockTimer = setInterval(renderClocks, 100);
}

function fmt(ms) {
  if (ms === null || ms === undefined) return "-";
  const sign = ms < 0 ? "-" : "";
  const a = Math.abs(ms);
  const m = Math.floor(a / 60000);
  const s = Math.floor((a % 60000) / 1000);
  const t = Math.floor((a % 1000) / 100);
  return `${sign}${m}:${String(s).padStart(2, "0")}.${t}`;
}

function renderSession() {
  const s = app.watcher && app.watcher.session;
  if (!s) return;
  $("session-status").textContent = s.status;
  $("session-version").textContent = s.version;
  const body = $("clocks");
  body.replaceChildren();
  for (const p of s.participants) {
    const tr = el("tr", null, p.participantId === s.activeParticipantId ? "active" : "");
    const time = el("td", "", "time");
    time.id = `clock-${p.index}`;
    time.dataset.participant = p.participantId;
    tr.append(el("td", p.participantId === app.session.user.id ? `${p.participantId} (you)` : p.participantId), time,
      el("td", p.cycleCount));
    body.append(tr);
  }
  renderClocks();
}

function renderClocks() {
  const w = app.watcher;
  if (!w || !w.session) return;
  $("session-offset").textContent = w.clockOffsetMs.toFixed(1);
  for (const td of document.querySelectorAll("#clocks td.time")) {
    const ms = w.remainingMs(td.dataset.participant);
    td.textContent = fmt(ms);
    td.dataset.ms = ms === null ? "" : String(ms);
  }
}

// ---- admin ---------------------------------------------------------------------------------------------------------

$("admin-refresh").addEventListener("click", () => loadAdmin());
$("conn-form").addEventListener("submit", (ev) => {
  ev.preventDefault();
  app.connPage = 1;
  loadConnections();
});
$("conn-prev").addEventListener("click", () => { app.connPage = Math.max(1, app.connPage - 1); loadConnections(); });
$("conn-next").addEventListener("click", () => { app.connPage++; loadConnections(); });
$("node-prev").addEventListener("click", () => { app.nodePage = Math.max(1, app.nodePage - 1); loadNodes(); });
$("node-next").addEventListener("click", () => { app.nodePage++; loadNodes(); });
$("topic-prev").addEventListener("click", () => { app.topicPage = Math.max(1, app.topicPage - 1); loadTopics(); });
$("topic-next").addEventListener("click", () => { app.topicPage++; loadTopics(); });

function facts(id, pairs) {
  const dl = $(id);
  dl.replaceChildren();
  for (const [k, v] of pairs) dl.append(el("dt", k), el("dd", v));
}

function loadAdmin() {
  guarded("admin-error", async () => {
    const i = await app.sb.rest("GET", "/api/admin/instance");
    facts("instance", [["instance", i.instanceId], ["started", i.startedAt], ["connections", i.connections],
      ["topic / session", `${i.topicConnections} / ${i.sessionConnections}`], ["draining", i.draining]]);
    await loadMetrics();
    await loadNodes();
    await loadConnections();
    await loadTopics();
  });
}

async function loadMetrics() {
  const res = await fetch("/metrics");
  const text = await res.text();
  const pick = (name) => {
    let total = 0;
    let seen = false;
    for (const line of text.split("\n")) {
      if (line.startsWith(name) && (line[name.length] === " " || line[name.length] === "{")) {
        total += Number(line.slice(line.lastIndexOf(" ") + 1));
        seen = true;
      }
    }
    return seen ? String(total) : "-";
  };
  facts("metrics", [["open WebSockets", pick("switchboard_ws_connections")],
    ["publications", pick("switchboard_pubsub_published_total")],
    ["deliveries", pick("switchboard_pubsub_delivered_total")],
    ["drops", pick("switchboard_ws_dropped_total")],
    ["outbox", pick("switchboard_pubsub_outbox_size")]]);
}

async function loadConnections() {
  const user = $("conn-user").value.trim();
  const q = `?page=${app.connPage}&limit=10${user ? `&userId=${encodeURIComponent(user)}` : ""}`;
  const page = await app.sb.rest("GET", `/api/admin/connections${q}`);
  const rows = $("conn-rows");
  rows.replaceChildren();
  for (const c of page.items) {
    const tr = el("tr");
    tr.append(el("td", c.userId || "-"), el("td", c.dialect), el("td", c.ip), el("td", c.openedAt),
      el("td", c.subscriptions.join(", ")));
    rows.append(tr);
  }
  $("conn-page").textContent = `${page.page} / ${Math.max(1, page.totalPages)} (${page.total})`;
  $("conn-prev").disabled = !page.hasPrevious;
  $("conn-next").disabled = !page.hasNext;
}

// every live instance (GET /api/admin/instances); the answering one is marked
async function loadNodes() {
  const page = await app.sb.rest("GET", `/api/admin/instances?page=${app.nodePage}&limit=10`);
  const rows = $("node-rows");
  rows.replaceChildren();
  for (const n of page.items) {
    const tr = el("tr");
    tr.append(el("td", n.self ? `${n.instanceId} (this one)` : n.instanceId), el("td", n.startedAt),
      el("td", n.lastSeenAt), el("td", n.connections), el("td", `${n.topicConnections} / ${n.sessionConnections}`),
      el("td", n.draining));
    rows.append(tr);
  }
  $("node-page").textContent = `${page.page} / ${Math.max(1, page.totalPages)} (${page.total})`;
  $("node-prev").disabled = !page.hasPrevious;
  $("node-next").disabled = !page.hasNext;
}

async function loadTopics() {
  const page = await app.sb.rest("GET", `/api/admin/topics?page=${app.topicPage}&limit=10`);
  const rows = $("topic-rows");
  rows.replaceChildren();
  for (const t of page.items) {
    const tr = el("tr");
    const name = el("td");
    const link = el("button", t.topic);
    link.type = "button";
    link.addEventListener("click", () => {
      $("inspect-topic").value = t.topic;
      inspect(t.topic);
    });
    name.append(link);
    tr.append(name, el("td", t.connections), el("td", t.users));
    rows.append(tr);
  }
  $("topic-page").textContent = `${page.page} / ${Math.max(1, page.totalPages)} (${page.total})`;
  $("topic-prev").disabled = !page.hasPrevious;
  $("topic-next").disabled = !page.hasNext;
}

$("inspect-form").addEventListener("submit", (ev) => {
  ev.preventDefault();
  inspect($("inspect-topic").value.trim());
});

async function optional(path, render) {
  try {
    return render(await app.sb.rest("GET", path));
  } catch (e) {
    return e.reason === "ROUTE_NOT_FOUND" ? "not available on this server" : `${e.reason}`;
  }
}

function inspect(topic) {
  guarded("admin-error", async () => {
    const t = encodeURIComponent(topic);
    const subscribers = await optional(`/api/topics/${t}/subscribers`,
      (d) => `${d.connections} connections, ${d.users} users (all instances)`);
    const history = await optional(`/api/history?topic=${t}&limit=1`,
      (d) => `offset ${d.offset}, epoch ${d.epoch}`);
    const presence = await optional(`/api/presence?topic=${t}`,
      (d) => `${d.total} present${d.users.length ? ": " + d.users.map((u) => u.name || u.userId).join(", ") : ""}`);
    facts("inspect", [["topic", topic], ["subscribers", subscribers], ["history position", history],
      ["presence", presence]]);
  });
}

$("admin-pub-form").addEventListener("submit", (ev) => {
  ev.preventDefault();
  guarded("admin-error", async () => {
    const raw = $("admin-pub-data").value.trim();
    const body = { topic: $("admin-pub-topic").value.trim(), data: raw ? JSON.parse(raw) : null };
    const eventType = $("admin-pub-event").value.trim();
    if (eventType) body.eventType = eventType;
    const r = await app.sb.rest("POST", "/api/publish", body);
    showError("admin-error", { reason: "PUBLISHED", message: `on ${r.topic}${r.offset ? " at offset " + r.offset : ""}` });
  });
});

// For tests and the curious: the console's state.
globalThis.switchboardConsole = app;
