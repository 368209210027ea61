// The playground page: who you act as, their DM with Drumbeat, channels with threads, the App Home,
// modals, and Drumbeat's clock. The server does everything through signed requests to the real bot;
// this page only shows what the Slack-compatible server holds, and says what the person did.
import { renderBlocks, renderMrkdwn, renderText } from "./blockkit.js";

const $ = (selector) => document.querySelector(selector);
const ui = {
  me: new URLSearchParams(location.hash.slice(1)).get("as") || "U0ORGANIZER",
  channel: null, // null: the DM with Drumbeat
  tab: "messages",
  thread: null,
  state: null,
  modalKey: null,
  modalValues: {}, // view id -> {action_id: value}, what the person filled in so far
  modalHash: {},
};

function el(tag, className, text) {
  const node = document.createElement(tag);
  if (className) node.className = className;
  if (text !== undefined && text !== null) node.textContent = text;
  return node;
}

function toast(text) {
  const box = $("#toast");
  box.textContent = text;
  box.hidden = false;
  clearTimeout(toast.timer);
  toast.timer = setTimeout(() => (box.hidden = true), 5000);
}

async function post(path, body) {
  const response = await fetch(path, {
    method: "POST",
    headers: { "Content-Type": "application/json" },
    body: JSON.stringify({ user: ui.me, ...body }),
  });
  const answer = await response.json().catch(() => ({}));
  if (!response.ok) {
    toast(answer.error || "That did not work; try again.");
    throw new Error(answer.error || "failed");
  }
  return answer;
}

// ----- loading -------------------------------------------------------------------------------------

let loading = null;
let again = false;

async function refresh() {
  if (loading) {
    again = true;
    return loading;
  }
  loading = (async () => {
    do {
      again = false;
      const channel = ui.channel || "";
      const response = await fetch(`/api/state?user=${encodeURIComponent(ui.me)}&channel=${encodeURIComponent(channel)}`);
      const state = response.ok ? await response.json() : null;
      // A state fetched for someone else (the person switched while it loaded) is dropped: another follows.
      if (state && state.me === ui.me && (ui.channel === null || state.channel === ui.channel)) render(state);
      else if (state) again = true;
    } while (again);
  })();
  try {
    await loading;
  } finally {
    loading = null;
  }
}

function listen() {
  const events = new EventSource("/api/events");
  events.onmessage = () => refresh();
  events.onerror = () => setTimeout(refresh, 1000);
}

// ----- rendering -----------------------------------------------------------------------------------

function person(id) {
  return (ui.state.people || []).find((p) => p.id === id);
}

function context(container, values, errors) {
  return {
    people: ui.state.people,
    channels: ui.state.channels,
    tz: (person(ui.me) || {}).tz || ui.state.clock.tz, // Slack shows dates in the reader's own zone
    now: ui.state.clock.now,
    values,
    errors,
    onChange(actionId, value) {
      if (values) values[actionId] = value;
    },
    onAction(element, blockId, value) {
      post("/api/action", {
        container,
        action_id: element.action_id,
        block_id: blockId,
        value,
        values: container.type === "view" ? ui.modalValues[container.view_id] || {} : {},
      }).catch(() => {});
    },
    async suggest(element, blockId, typed) {
      try {
        const answer = await post("/api/suggest", {
          container,
          action_id: element.action_id,
          block_id: blockId,
          typed,
          values: container.type === "view" ? ui.modalValues[container.view_id] || {} : {},
        });
        return answer.options || [];
      } catch {
        return [];
      }
    },
    confirm,
  };
}

function confirm(dialog) {
  return new Promise((resolve) => {
    const overlay = el("div", "overlay confirm-overlay");
    const box = el("div", "modal confirm");
    box.setAttribute("role", "alertdialog");
    box.setAttribute("aria-modal", "true");
    box.appendChild(el("h2", "modal-title", dialog.title ? dialog.title.text : "Are you sure?"));
    const body = el("div", "modal-body");
    body.appendChild(renderText(dialog.text, {}));
    const footer = el("div", "modal-footer");
    const deny = el("button", "bk-button", dialog.deny ? dialog.deny.text : "Cancel");
    const ok = el("button", "bk-button " + (dialog.style === "danger" ? "bk-danger" : "bk-primary"), dialog.confirm ? dialog.confirm.text : "Yes");
    deny.type = ok.type = "button";
    const done = (answer) => {
      overlay.remove();
      resolve(answer);
    };
    deny.addEventListener("click", () => done(false));
    ok.addEventListener("click", () => done(true));
    footer.append(deny, ok);
    box.append(body, footer);
    overlay.appendChild(box);
    document.body.appendChild(overlay);
    ok.focus();
  });
}

function timeOf(ts) {
  const date = new Date(parseFloat(ts) * 1000);
  return date.toLocaleString([], { timeZone: ui.state.clock.tz, weekday: "short", hour: "numeric", minute: "2-digit" });
}

function messageNode(message, { inThread = false, replies = 0 } = {}) {
  const bot = message.user === ui.state.bot;
  const author = person(message.user);
  const name = bot ? "Drumbeat" : author ? author.name : message.user;
  const node = el("div", "message" + (message.ephemeral ? " ephemeral" : ""));
  node.dataset.ts = message.ts;
  const avatar = el("div", "avatar" + (bot ? " avatar-bot" : ""), bot ? "D" : name.slice(0, 1).toUpperCase());
  avatar.setAttribute("aria-hidden", "true");
  const content = el("div", "message-content");
  const head = el("div", "message-head");
  head.appendChild(el("span", "message-author", name));
  if (bot) head.appendChild(el("span", "app-badge", "APP"));
  head.appendChild(el("span", "message-time", timeOf(message.ts)));
  if (message.ephemeral) head.appendChild(el("span", "ephemeral-note", "Only visible to you"));
  content.appendChild(head);
  const container = { type: "message", channel: ui.state.channel, ts: message.ts };
  if (message.blocks && message.blocks.length) {
    content.appendChild(renderBlocks(message.blocks, context(container, null, null)));
  } else if (message.text) {
    content.appendChild(renderMrkdwn(message.text, context(container, null, null)));
  }
  for (const file of message.files || []) {
    const box = el("div", "file");
    if (file.type === "image/png") {
      const img = el("img", "file-image");
      // A chart's height is known only once it loads: keep following the newest message through it.
      img.addEventListener("load", () => {
        if (ui.following) pinToBottom($("#messages"));
      });
      img.src = file.url;
      img.alt = file.title || file.name;
      box.appendChild(img);
    }
    const link = el("a", "file-link", `${file.title || file.name} (${file.name})`);
    link.href = file.url;
    link.download = file.name;
    box.appendChild(link);
    content.appendChild(box);
  }
  if (message.edited) content.appendChild(el("span", "edited", "(edited)"));
  if (!inThread && !message.ephemeral) {
    const actions = el("div", "message-actions");
    const reply = el("button", "link-button", replies ? `${replies} ${replies === 1 ? "reply" : "replies"}` : "Reply in thread");
    reply.type = "button";
    reply.classList.toggle("has-replies", replies > 0);
    reply.addEventListener("click", () => {
      ui.thread = message.ts;
      render(ui.state);
      $("#thread-composer textarea").focus();
    });
    actions.appendChild(reply);
    content.appendChild(actions);
  }
  node.append(avatar, content);
  return node;
}

function atBottom(list) {
  return list.scrollHeight - list.scrollTop - list.clientHeight < 80;
}

function pinToBottom(list) {
  list.scrollTop = list.scrollHeight;
  ui.pinnedAt = list.scrollTop; // a scroll event that finds the list here is ours, not the reader's
}

function renderMessages(state) {
  const list = $("#messages");
  if (!list.dataset.watched) {
    // Like Slack: the list follows new messages while the reader is at the bottom, and stays put once they
    // scroll up to read. Decided by where the reader left it, not by where a late-loading image pushed it.
    list.addEventListener("scroll", () => {
      if (list.scrollTop !== ui.pinnedAt) ui.following = atBottom(list); // the reader moved it
    });
    list.dataset.watched = "1";
    ui.following = true;
  }
  const nearBottom = ui.following;
  const kept = list.scrollTop;
  const top = state.messages.filter((m) => !m.thread_ts || m.thread_ts === m.ts);
  const replies = {};
  for (const m of state.messages) if (m.thread_ts && m.thread_ts !== m.ts) replies[m.thread_ts] = (replies[m.thread_ts] || 0) + 1;
  list.replaceChildren();
  if (!top.length) list.appendChild(el("div", "empty", state.channel.startsWith("D") ? "No messages yet. Try /drumbeat help below." : "No messages in this channel yet."));
  for (const m of top) list.appendChild(messageNode(m, { replies: replies[m.ts] || 0 }));
  if (nearBottom || !renderMessages.scrolled) pinToBottom(list);
  else list.scrollTop = kept;
  renderMessages.scrolled = true;

  const pane = $("#thread");
  const parent = ui.thread && state.messages.find((m) => m.ts === ui.thread);
  pane.hidden = !parent;
  if (parent) {
    const box = $("#thread-messages");
    box.replaceChildren(messageNode(parent, { inThread: true }));
    box.appendChild(el("div", "thread-divider", "Replies"));
    for (const m of state.messages) if (m.thread_ts === parent.ts && m.ts !== parent.ts) box.appendChild(messageNode(m, { inThread: true }));
  }
}

// Rebuilt only when what it shows changed: a list rebuilt under the pointer (the workspace changes many
// times a second during a send) would swallow the click that was landing on it.
function unchanged(container, shown) {
  const key = JSON.stringify(shown);
  if (container.dataset.shown === key) return true;
  container.dataset.shown = key;
  container.replaceChildren();
  return false;
}

function renderSidebar(state) {
  const me = person(state.me);
  $("#me-name").textContent = me ? me.name + (me.organizer ? " (organizer)" : "") : state.me;

  const apps = $("#apps");
  if (!unchanged(apps, state.channel.startsWith("D"))) {
    const dm = el("li");
    const dmButton = el("button", "nav-item" + (state.channel.startsWith("D") ? " active" : ""), "Drumbeat");
    dmButton.type = "button";
    dmButton.addEventListener("click", () => go(null));
    dm.appendChild(dmButton);
    apps.appendChild(dm);
  }

  const channels = $("#channels");
  if (!unchanged(channels, [state.channels, state.channel])) for (const channel of state.channels) {
    const item = el("li");
    const button = el("button", "nav-item" + (state.channel === channel.id ? " active" : ""), "# " + channel.name);
    button.type = "button";
    button.addEventListener("click", () => go(channel.id));
    item.appendChild(button);
    channels.appendChild(item);
  }

  const people = $("#people");
  const everyone = state.people.filter((p) => !p.bot).sort((a, b) => (b.organizer - a.organizer) || a.name.localeCompare(b.name));
  if (!unchanged(people, [everyone, state.me])) for (const p of everyone) {
    const item = el("li");
    const button = el("button", "nav-item person" + (p.id === state.me ? " active" : ""));
    button.type = "button";
    button.dataset.user = p.id;
    button.appendChild(el("span", "person-name", p.name));
    if (p.organizer) button.appendChild(el("span", "person-tag", "organizer"));
    button.addEventListener("click", () => actAs(p.id));
    item.appendChild(button);
    people.appendChild(item);
  }
  const zones = $("#add-person select[name=tz]");
  if (!zones.options.length) {
    for (const zone of state.zones) {
      const option = el("option", null, zone.replace("America/", "").replace("_", " "));
      option.value = zone;
      zones.appendChild(option);
    }
  }
  const locales = $("#add-person select[name=locale]");
  if (!locales.options.length) {
    for (const [locale, name] of Object.entries(state.locales || {})) {
      const option = el("option", null, name);
      option.value = locale;
      locales.appendChild(option);
    }
  }
}

function renderClock(state) {
  const clock = state.clock;
  const options = { timeZone: clock.tz, weekday: "short", month: "short", day: "numeric", hour: "numeric", minute: "2-digit" };
  const now = new Date((clock.now + (performance.now() - ui.loadedAt) / 1000) * 1000);
  $("#clock-now").textContent = now.toLocaleString([], options) + (clock.offset ? ` (${Math.round(clock.offset / 3600)} h ahead)` : "");
  $("#clock-next").textContent = clock.next ? "next send " + new Date(clock.next * 1000).toLocaleString([], options) : "nothing scheduled";
}

function renderHome(state) {
  const home = $("#home");
  home.replaceChildren();
  if (!state.home) {
    home.appendChild(el("div", "empty", "Loading Drumbeat's Home tab…"));
    return;
  }
  const values = (ui.modalValues[state.home.id] = ui.modalValues[state.home.id] || {});
  home.appendChild(renderBlocks(state.home.blocks, context({ type: "view", view_id: state.home.id }, values, {})));
}

function renderModal(state) {
  const root = $("#modal-root");
  const modal = state.modal;
  const key = modal ? `${modal.view.id}:${modal.view.hash}:${JSON.stringify(modal.errors)}` : null;
  if (key === ui.modalKey) return;
  ui.modalKey = key;
  root.replaceChildren();
  if (!modal) return;
  const view = modal.view;
  if (ui.modalHash[view.id] !== view.hash) {
    ui.modalValues[view.id] = {}; // a new view (an update, or another form): what was typed belonged to the old one
    ui.modalHash[view.id] = view.hash;
  }
  const values = ui.modalValues[view.id];
  const overlay = el("div", "overlay");
  const box = el("form", "modal");
  box.setAttribute("role", "dialog");
  box.setAttribute("aria-modal", "true");
  box.setAttribute("aria-label", view.title ? view.title.text : "Form");
  const header = el("div", "modal-header");
  header.appendChild(el("h2", "modal-title", view.title ? view.title.text : ""));
  const x = el("button", "modal-x", "×");
  x.type = "button";
  x.setAttribute("aria-label", "Close");
  header.appendChild(x);
  const body = el("div", "modal-body");
  body.appendChild(renderBlocks(view.blocks, context({ type: "view", view_id: view.id }, values, modal.errors)));
  const footer = el("div", "modal-footer");
  const close = el("button", "bk-button", view.close ? view.close.text : "Cancel");
  close.type = "button";
  footer.appendChild(close);
  if (view.submit) {
    const submit = el("button", "bk-button bk-primary", view.submit.text);
    submit.type = "submit";
    footer.appendChild(submit);
  }
  const dismiss = () => post("/api/close", { view_id: view.id }).catch(() => {});
  x.addEventListener("click", dismiss);
  close.addEventListener("click", dismiss);
  box.addEventListener("submit", (event) => {
    event.preventDefault();
    const submit = box.querySelector("button[type=submit]");
    submit.disabled = true;
    post("/api/submit", { view_id: view.id, values }).catch(() => {}).finally(() => (submit.disabled = false));
  });
  box.append(header, body, footer);
  overlay.appendChild(box);
  root.appendChild(overlay);
  const first = body.querySelector("input:not([type=radio]):not([type=checkbox]), textarea");
  if (first) first.focus({ preventScroll: true });
}

function render(state) {
  ui.state = state;
  ui.loadedAt = performance.now();
  document.body.dataset.actingAs = state.me;
  const inDm = state.channel.startsWith("D");
  const channel = state.channels.find((c) => c.id === state.channel);
  $("#conversation-title").textContent = inDm ? "Drumbeat" : "# " + (channel ? channel.name : state.channel);
  $("#tabs").hidden = !inDm;
  const onHome = inDm && ui.tab === "home";
  for (const tab of document.querySelectorAll("#tabs button")) tab.setAttribute("aria-selected", String(tab.dataset.tab === ui.tab));
  $("#messages").hidden = onHome;
  $("#composer").hidden = onHome;
  $("#home").hidden = !onHome;
  $("#message-box").placeholder = inDm ? "Message Drumbeat, or type /drumbeat help" : `Message #${channel ? channel.name : ""}, or type /drumbeat help`;
  renderSidebar(state);
  renderClock(state);
  renderMessages(state);
  if (onHome) renderHome(state);
  renderModal(state);
}

// ----- what the person does -------------------------------------------------------------------------

function go(channel) {
  ui.channel = channel;
  ui.thread = null;
  ui.tab = "messages";
  refresh();
}

function actAs(user) {
  ui.me = user;
  ui.channel = null;
  ui.thread = null;
  ui.tab = "messages";
  ui.modalKey = null;
  history.replaceState(null, "", "#as=" + encodeURIComponent(user));
  refresh();
}

function composer(form, threadOf) {
  const box = form.querySelector("textarea");
  const send = async () => {
    const text = box.value.trim();
    if (!text) return;
    box.value = "";
    try {
      await post("/api/write", { channel: ui.state.channel, text, thread_ts: threadOf() });
    } catch {
      box.value = text;
    }
  };
  form.addEventListener("submit", (event) => {
    event.preventDefault();
    send();
  });
  box.addEventListener("keydown", (event) => {
    if (event.key === "Enter" && !event.shiftKey) {
      event.preventDefault();
      send();
    }
  });
}

function start() {
  composer($("#composer"), () => null);
  composer($("#thread-composer"), () => ui.thread);
  $("#thread-close").addEventListener("click", () => {
    ui.thread = null;
    render(ui.state);
  });
  for (const tab of document.querySelectorAll("#tabs button")) {
    tab.addEventListener("click", () => {
      ui.tab = tab.dataset.tab;
      if (ui.tab === "home") post("/api/home", {}).catch(() => {});
      render(ui.state);
    });
  }
  $("#clock-skip").addEventListener("click", () => post("/api/clock", { move: "next" }).then((a) => toast(a.said)).catch(() => {}));
  $("#clock-day").addEventListener("click", () => post("/api/clock", { move: "day" }).then((a) => toast(a.said)).catch(() => {}));
  $("#add-person").addEventListener("submit", async (event) => {
    event.preventDefault();
    const form = event.target;
    try {
      const answer = await post("/api/people", { name: form.elements.name.value, tz: form.elements.tz.value, locale: form.elements.locale.value });
      form.reset();
      actAs(answer.id);
    } catch {
      /* the toast said why */
    }
  });
  setInterval(() => ui.state && renderClock(ui.state), 15000);
  listen();
  refresh();
}

start();
