// Block Kit in the browser: the blocks and elements Drumbeat sends, and Slack's mrkdwn.
// Everything people or the app wrote goes into the page as text (textContent), never as HTML.

const EMOJI = {
  white_check_mark: "✅", heavy_check_mark: "✔️", calendar: "📅", pause_button: "⏸️", warning: "⚠️",
  tada: "🎉", wave: "👋", x: "❌", bell: "🔔", memo: "📝", chart_with_upwards_trend: "📈", bar_chart: "📊",
  thumbsup: "👍", "+1": "👍", raised_hands: "🙌", clap: "👏", star: "⭐", sparkles: "✨", mega: "📣",
  loudspeaker: "📢", phone: "📞", telephone_receiver: "📞", email: "📧", envelope: "✉️", heart: "❤️",
  speech_balloon: "💬", hourglass: "⌛", clock: "🕒", information_source: "ℹ️", point_right: "👉",
  rotating_light: "🚨", no_entry: "⛔", question: "❓", exclamation: "❗", eyes: "👀", pray: "🙏",
};

function el(tag, className, text) {
  const node = document.createElement(tag);
  if (className) node.className = className;
  if (text !== undefined && text !== null) node.textContent = text;
  return node;
}

export function decodeEntities(text) {
  return String(text).replace(/&lt;/g, "<").replace(/&gt;/g, ">").replace(/&amp;/g, "&");
}

export function emojify(text) {
  return String(text).replace(/:([a-z0-9_+-]+):/g, (whole, name) => EMOJI[name] || whole);
}

function personName(ctx, id) {
  const person = (ctx.people || []).find((p) => p.id === id);
  return person ? person.name : id;
}

function channelName(ctx, id) {
  const channel = (ctx.allChannels || ctx.channels || []).find((c) => c.id === id);
  return channel ? channel.name : id;
}

// ----- mrkdwn -------------------------------------------------------------------------------------

function addText(parent, text) {
  if (text) parent.appendChild(document.createTextNode(emojify(decodeEntities(text))));
}

const EMPHASIS = { "*": "strong", _: "em", "~": "s" };

function emphasis(parent, text) {
  // *bold*, _italic_, ~strike~: opening after a non-word character, closing before one; nests.
  const pattern = /([*_~])(?=\S)([^\n]*?\S)\1/g;
  let last = 0;
  let match;
  while ((match = pattern.exec(text)) !== null) {
    const before = match.index === 0 ? "" : text[match.index - 1];
    const after = text[match.index + match[0].length] || "";
    if (/[A-Za-z0-9]/.test(before) || /[A-Za-z0-9]/.test(after)) {
      pattern.lastIndex = match.index + 1;
      continue;
    }
    addText(parent, text.slice(last, match.index));
    const node = el(EMPHASIS[match[1]]);
    emphasis(node, match[2]);
    parent.appendChild(node);
    last = match.index + match[0].length;
  }
  addText(parent, text.slice(last));
}

function safeUrl(url) {
  const decoded = decodeEntities(url);
  return /^(https?:|mailto:)/i.test(decoded) ? decoded : null;
}

function link(parent, inner, ctx) {
  const [target, label] = splitOnce(inner, "|");
  if (target.startsWith("@")) {
    parent.appendChild(el("span", "mention", "@" + (label ? decodeEntities(label) : personName(ctx, target.slice(1)))));
  } else if (target.startsWith("#")) {
    parent.appendChild(el("span", "mention", "#" + (label ? decodeEntities(label) : channelName(ctx, target.slice(1)))));
  } else if (target.startsWith("!date^")) {
    parent.appendChild(el("span", "date", slackDate(target, decodeEntities(label), ctx)));
  } else if (target.startsWith("!")) {
    const word = target.slice(1).split("^")[0];
    parent.appendChild(el("span", "mention", label ? decodeEntities(label) : "@" + word));
  } else {
    const href = safeUrl(target);
    if (href) {
      const a = el("a", null, label ? decodeEntities(label) : href);
      a.href = href;
      a.target = "_blank";
      a.rel = "noopener noreferrer";
      parent.appendChild(a);
    } else {
      addText(parent, label || target);
    }
  }
}

// Slack's date token, <!date^seconds^format|fallback>: shown in the reader's own time zone (ctx.tz).
function slackDate(target, fallback, ctx) {
  const [, seconds, format] = target.split("^");
  const moment = new Date(Number(seconds) * 1000);
  if (!ctx.tz || !format || Number.isNaN(moment.getTime())) return fallback;
  const part = (options) => new Intl.DateTimeFormat("en-US", { timeZone: ctx.tz, ...options }).format(moment);
  const ordinal = (day) => day + (["th", "st", "nd", "rd"][(day % 100 - 20) % 10] || ["th", "st", "nd", "rd"][day % 100] || "th");
  const day = Number(part({ day: "numeric" }));
  const month = part({ month: "long" });
  const year = part({ year: "numeric" });
  const weekday = part({ weekday: "long" });
  const dayKey = (date) => new Intl.DateTimeFormat("en-CA", { timeZone: ctx.tz }).format(date);
  const pretty = (otherwise) => {
    if (!ctx.now) return otherwise;
    const now = new Date(ctx.now * 1000);
    const shift = (days) => new Date(now.getTime() + days * 86400000);
    if (dayKey(moment) === dayKey(now)) return "today";
    if (dayKey(moment) === dayKey(shift(1))) return "tomorrow";
    if (dayKey(moment) === dayKey(shift(-1))) return "yesterday";
    return otherwise;
  };
  const words = {
    date_num: dayKey(moment),
    date: `${month} ${ordinal(day)}, ${year}`,
    date_short: part({ month: "short", day: "numeric", year: "numeric" }),
    date_long: `${weekday}, ${month} ${ordinal(day)}, ${year}`,
    time: part({ hour: "numeric", minute: "2-digit" }),
    time_secs: part({ hour: "numeric", minute: "2-digit", second: "2-digit" }),
  };
  words.date_pretty = pretty(words.date);
  words.date_short_pretty = pretty(words.date_short);
  words.date_long_pretty = pretty(words.date_long);
  return format.replace(/\{(\w+)\}/g, (whole, name) => (name in words ? words[name] : whole));
}

function splitOnce(text, sep) {
  const at = text.indexOf(sep);
  return at < 0 ? [text, ""] : [text.slice(0, at), text.slice(at + 1)];
}

function inline(parent, text, ctx) {
  const pattern = /`([^`\n]+)`|<([^<>\n]+)>/g;
  let last = 0;
  let match;
  while ((match = pattern.exec(text)) !== null) {
    emphasis(parent, text.slice(last, match.index));
    if (match[1] !== undefined) parent.appendChild(el("code", null, decodeEntities(match[1])));
    else link(parent, match[2], ctx);
    last = match.index + match[0].length;
  }
  emphasis(parent, text.slice(last));
}

export function renderMrkdwn(text, ctx = {}) {
  const root = el("div", "mrkdwn");
  const parts = String(text || "").split("```");
  parts.forEach((part, index) => {
    if (index % 2 === 1 && index < parts.length - 1) {
      root.appendChild(el("pre", null, decodeEntities(part.replace(/^\n/, ""))));
      return;
    }
    if (index % 2 === 1) part = "```" + part; // an unclosed fence is text
    const lines = part.split("\n");
    let quote = null;
    let paragraph = el("span");
    lines.forEach((line, i) => {
      const quoted = /^(&gt;|>)\s?/.exec(line);
      if (quoted) {
        if (!quote) {
          quote = el("blockquote");
          root.appendChild(paragraph);
          paragraph = el("span");
        } else {
          quote.appendChild(document.createTextNode("\n"));
        }
        inline(quote, line.slice(quoted[0].length), ctx);
        root.appendChild(quote);
        return;
      }
      quote = null;
      inline(paragraph, line, ctx);
      if (i < lines.length - 1) paragraph.appendChild(document.createTextNode("\n"));
    });
    root.appendChild(paragraph);
  });
  return root;
}

export function renderText(object, ctx = {}) {
  if (!object) return el("span");
  if (object.type === "mrkdwn") return renderMrkdwn(object.text, ctx);
  return el("span", "plain", object.emoji === false ? object.text : emojify(object.text || ""));
}

function plainOf(object) {
  if (!object) return "";
  const text = object.text || "";
  return object.type === "mrkdwn" ? decodeEntities(text).replace(/[*_~`]/g, "") : emojify(text);
}

// ----- elements -----------------------------------------------------------------------------------

let uniqueId = 0;

function allOptions(element) {
  const options = [...(element.options || [])];
  for (const group of element.option_groups || []) options.push(...(group.options || []));
  return options;
}

function startValue(element, ctx) {
  const aid = element.action_id;
  if (ctx.values && Object.prototype.hasOwnProperty.call(ctx.values, aid)) return ctx.values[aid];
  switch (element.type) {
    case "static_select":
    case "radio_buttons":
    case "external_select":
      return element.initial_option ? element.initial_option.value : null;
    case "checkboxes":
    case "multi_static_select":
    case "multi_external_select":
      return (element.initial_options || []).map((o) => o.value);
    case "users_select":
      return element.initial_user || null;
    case "multi_users_select":
      return element.initial_users || [];
    case "conversations_select":
    case "channels_select":
      return element.initial_conversation || element.initial_channel || null;
    case "datepicker":
      return element.initial_date || null;
    case "timepicker":
      return element.initial_time || null;
    default:
      return element.initial_value === undefined ? null : element.initial_value;
  }
}

function changed(element, value, ctx, where) {
  if (where.input && ctx.onChange) ctx.onChange(element.action_id, value);
  if (where.dispatch && ctx.onAction) ctx.onAction(element, where.blockId, value);
}

function addOption(select, option) {
  const node = el("option", null, plainOf(option.text));
  node.value = option.value;
  select.appendChild(node);
}

function selectBox(element, ctx, where, choices) {
  const multiple = element.type.startsWith("multi_");
  const select = el("select", "bk-select");
  select.dataset.actionId = element.action_id;
  if (multiple) {
    select.multiple = true;
    select.size = Math.min(6, Math.max(3, (choices || allOptions(element)).length));
  } else {
    const none = el("option", null, element.placeholder ? plainOf(element.placeholder) : "Select an item");
    none.value = "";
    select.appendChild(none);
  }
  if (choices) {
    for (const choice of choices) addOption(select, choice);
  } else {
    for (const option of element.options || []) addOption(select, option);
    for (const group of element.option_groups || []) {
      const optgroup = el("optgroup");
      optgroup.label = plainOf(group.label);
      for (const option of group.options || []) addOption(optgroup, option);
      select.appendChild(optgroup);
    }
  }
  const start = startValue(element, ctx);
  for (const option of select.options) {
    option.selected = multiple ? (start || []).includes(option.value) : option.value === (start || "");
  }
  select.addEventListener("change", () => {
    const value = multiple ? [...select.selectedOptions].map((o) => o.value) : select.value || null;
    changed(element, value, ctx, where);
  });
  if (multiple) {
    // As in Slack, a click picks or unpicks one option; no Ctrl or Shift needed.
    select.addEventListener("mousedown", (event) => {
      if (event.target.tagName !== "OPTION") return;
      event.preventDefault();
      event.target.selected = !event.target.selected;
      select.focus();
      select.dispatchEvent(new Event("change"));
    });
  }
  return select;
}

function choiceGroup(element, ctx, where, kind) {
  const box = el("div", "bk-choices");
  box.setAttribute("role", kind === "radio" ? "radiogroup" : "group");
  const name = `bk-${element.action_id}-${++uniqueId}`;
  const start = startValue(element, ctx);
  for (const option of element.options || []) {
    const label = el("label", "bk-choice");
    const input = el("input");
    input.type = kind;
    input.name = name;
    input.value = option.value;
    input.checked = kind === "radio" ? start === option.value : (start || []).includes(option.value);
    const words = el("span", "bk-choice-text");
    words.appendChild(renderText(option.text, ctx));
    if (option.description) words.appendChild(el("small", "bk-description", plainOf(option.description)));
    label.append(input, words);
    box.appendChild(label);
    input.addEventListener("change", () => {
      const checked = [...box.querySelectorAll("input")].filter((i) => i.checked).map((i) => i.value);
      changed(element, kind === "radio" ? checked[0] || null : checked, ctx, where);
    });
  }
  return box;
}

function externalSelect(element, ctx, where) {
  // A typeahead: what the person types goes to the app (block_suggestion), which answers the options.
  const multiple = element.type === "multi_external_select";
  const box = el("div", "bk-combo");
  const chosen = el("div", "bk-chips");
  const input = el("input", "bk-input-text");
  input.type = "text";
  input.setAttribute("role", "combobox");
  input.setAttribute("aria-autocomplete", "list");
  input.placeholder = element.placeholder ? plainOf(element.placeholder) : "Type to search";
  const list = el("ul", "bk-suggestions");
  list.setAttribute("role", "listbox");
  list.hidden = true;
  const known = new Map();
  for (const o of [element.initial_option, ...(element.initial_options || [])]) if (o) known.set(o.value, o);
  let value = startValue(element, ctx);
  const minimum = element.min_query_length === undefined ? 3 : element.min_query_length;

  function showChosen() {
    chosen.replaceChildren();
    if (!multiple) {
      input.value = value && known.has(value) ? plainOf(known.get(value).text) : input.value;
      return;
    }
    for (const v of value || []) {
      const chip = el("span", "bk-chip", known.has(v) ? plainOf(known.get(v).text) : v);
      const remove = el("button", "bk-chip-remove", "×");
      remove.type = "button";
      remove.setAttribute("aria-label", "Remove");
      remove.addEventListener("click", () => {
        value = value.filter((x) => x !== v);
        showChosen();
        changed(element, value, ctx, where);
      });
      chip.appendChild(remove);
      chosen.appendChild(chip);
    }
  }

  let timer = null;
  let asked = 0;
  // With min_query_length 0, Slack lists the options as soon as the field is opened.
  input.addEventListener("focus", () => {
    if (minimum === 0 && list.hidden) input.dispatchEvent(new Event("input"));
  });
  input.addEventListener("input", () => {
    clearTimeout(timer);
    const typed = input.value;
    if (typed.length < minimum) {
      list.hidden = true;
      return;
    }
    timer = setTimeout(async () => {
      const mine = ++asked;
      const options = ctx.suggest ? await ctx.suggest(element, where.blockId, typed) : [];
      if (mine !== asked) return;
      list.replaceChildren();
      if (!options.length) list.appendChild(el("li", "bk-suggestion-none", "No matches"));
      for (const option of options) {
        known.set(option.value, option);
        const item = el("li", "bk-suggestion", plainOf(option.text));
        item.setAttribute("role", "option");
        item.tabIndex = 0;
        const pick = () => {
          value = multiple ? [...new Set([...(value || []), option.value])] : option.value;
          if (multiple) input.value = "";
          list.hidden = true;
          showChosen();
          changed(element, value, ctx, where);
        };
        item.addEventListener("click", pick);
        item.addEventListener("keydown", (e) => e.key === "Enter" && pick());
        list.appendChild(item);
      }
      list.hidden = false;
    }, 200);
  });
  showChosen();
  box.append(chosen, input, list);
  return box;
}

function textInput(element, ctx, where) {
  const multiline = element.type === "plain_text_input" && element.multiline;
  const input = el(multiline ? "textarea" : "input", "bk-input-text");
  if (!multiline) {
    input.type = { number_input: "number", email_text_input: "email", url_text_input: "url" }[element.type] || "text";
  } else {
    input.rows = 3;
  }
  if (element.type === "number_input") {
    input.step = element.is_decimal_allowed ? "any" : "1";
    if (element.min_value !== undefined) input.min = element.min_value;
    if (element.max_value !== undefined) input.max = element.max_value;
  }
  if (element.max_length) input.maxLength = element.max_length;
  if (element.placeholder) input.placeholder = plainOf(element.placeholder);
  const start = startValue(element, ctx);
  input.value = start === null || start === undefined ? "" : start;
  input.addEventListener("input", () => {
    if (where.input && ctx.onChange) ctx.onChange(element.action_id, input.value === "" ? null : input.value);
  });
  if (where.dispatch) {
    input.addEventListener("keydown", (e) => {
      if (e.key === "Enter" && !multiline) changed(element, input.value, ctx, where);
    });
  }
  return input;
}

function picker(element, ctx, where, type) {
  const input = el("input", "bk-input-text bk-picker");
  input.type = type;
  input.value = startValue(element, ctx) || "";
  input.addEventListener("change", () => changed(element, input.value || null, ctx, where));
  return input;
}

function button(element, ctx, where) {
  const node = el("button", "bk-button" + (element.style ? " bk-" + element.style : ""), plainOf(element.text));
  node.type = "button";
  node.dataset.actionId = element.action_id;
  node.addEventListener("click", async () => {
    if (element.confirm && !(await (ctx.confirm ? ctx.confirm(element.confirm) : Promise.resolve(true)))) return;
    if (element.url) {
      const href = safeUrl(element.url);
      if (href) window.open(href, "_blank", "noopener");
    }
    if (ctx.onAction) ctx.onAction(element, where.blockId, element.value || "");
  });
  return node;
}

function overflow(element, ctx, where) {
  const box = el("div", "bk-overflow");
  const toggle = el("button", "bk-button bk-overflow-toggle", "⋯");
  toggle.type = "button";
  toggle.setAttribute("aria-label", "More actions");
  const menu = el("div", "bk-overflow-menu");
  menu.hidden = true;
  for (const option of element.options || []) {
    const item = el("button", "bk-overflow-item", plainOf(option.text));
    item.type = "button";
    item.addEventListener("click", async () => {
      menu.hidden = true;
      if (element.confirm && !(await ctx.confirm(element.confirm))) return;
      if (ctx.onAction) ctx.onAction(element, where.blockId, option.value);
    });
    menu.appendChild(item);
  }
  toggle.addEventListener("click", () => (menu.hidden = !menu.hidden));
  box.append(toggle, menu);
  return box;
}

function image(element, className) {
  const img = el("img", className);
  const href = safeUrl(element.image_url || "");
  if (href) img.src = href;
  img.alt = element.alt_text || "";
  return img;
}

export function renderElement(element, ctx, where) {
  switch (element.type) {
    case "button":
      return button(element, ctx, where);
    case "static_select":
    case "multi_static_select":
      return selectBox(element, ctx, where, null);
    case "users_select":
    case "multi_users_select":
      return selectBox(element, ctx, where, (ctx.people || []).filter((p) => !p.bot).map((p) => ({ value: p.id, text: { type: "plain_text", text: p.name } })));
    case "conversations_select":
    case "channels_select":
    case "multi_conversations_select":
    case "multi_channels_select":
      return selectBox(element, ctx, where, (ctx.channels || []).map((c) => ({ value: c.id, text: { type: "plain_text", text: "#" + c.name } })));
    case "external_select":
    case "multi_external_select":
      return externalSelect(element, ctx, where);
    case "checkboxes":
      return choiceGroup(element, ctx, where, "checkbox");
    case "radio_buttons":
      return choiceGroup(element, ctx, where, "radio");
    case "datepicker":
      return picker(element, ctx, where, "date");
    case "timepicker":
      return picker(element, ctx, where, "time");
    case "plain_text_input":
    case "number_input":
    case "email_text_input":
    case "url_text_input":
      return textInput(element, ctx, where);
    case "overflow":
      return overflow(element, ctx, where);
    case "image":
      return image(element, "bk-accessory-image");
    default:
      return el("span", "bk-unsupported", `[${element.type}]`);
  }
}

// ----- blocks -------------------------------------------------------------------------------------

function block(b, ctx) {
  const blockId = b.block_id || "";
  switch (b.type) {
    case "section": {
      const node = el("div", "bk-section");
      const body = el("div", "bk-section-body");
      if (b.text) body.appendChild(renderText(b.text, ctx));
      if (b.fields) {
        const fields = el("div", "bk-fields");
        for (const field of b.fields) fields.appendChild(el("div", "bk-field")).appendChild(renderText(field, ctx));
        body.appendChild(fields);
      }
      node.appendChild(body);
      if (b.accessory) {
        const accessory = el("div", "bk-accessory");
        accessory.appendChild(renderElement(b.accessory, ctx, { blockId, dispatch: true }));
        node.appendChild(accessory);
      }
      return node;
    }
    case "header":
      return el("h3", "bk-header", plainOf(b.text));
    case "divider":
      return el("hr", "bk-divider");
    case "context": {
      const node = el("div", "bk-context");
      for (const item of b.elements || []) {
        node.appendChild(item.type === "image" ? image(item, "bk-context-image") : renderText(item, ctx));
      }
      return node;
    }
    case "image": {
      const node = el("figure", "bk-image");
      if (b.title) node.appendChild(el("figcaption", null, plainOf(b.title)));
      node.appendChild(image(b, null));
      return node;
    }
    case "actions": {
      const node = el("div", "bk-actions");
      for (const item of b.elements || []) node.appendChild(renderElement(item, ctx, { blockId, dispatch: true }));
      return node;
    }
    case "input": {
      const node = el("div", "bk-input");
      node.dataset.blockId = blockId;
      const label = el("label", "bk-label", plainOf(b.label));
      if (b.optional) label.appendChild(el("span", "bk-optional", " (optional)"));
      node.appendChild(label);
      const control = renderElement(b.element, ctx, { blockId, input: true, dispatch: !!b.dispatch_action });
      const id = `bk-input-${++uniqueId}`;
      const focusable = control.matches("input, select, textarea") ? control : control.querySelector("input, select, textarea");
      if (focusable && !control.classList.contains("bk-choices")) {
        focusable.id = id;
        label.htmlFor = id;
      }
      node.appendChild(control);
      if (b.hint) node.appendChild(el("div", "bk-hint", plainOf(b.hint)));
      const error = ctx.errors && ctx.errors[blockId];
      if (error) {
        node.classList.add("bk-has-error");
        const message = el("div", "bk-error", error);
        message.setAttribute("role", "alert");
        node.appendChild(message);
      }
      return node;
    }
    case "rich_text": {
      const node = el("div", "bk-section");
      const words = [];
      JSON.stringify(b, (key, value) => {
        if (key === "text" && typeof value === "string") words.push(value);
        return value;
      });
      node.textContent = words.join("");
      return node;
    }
    default:
      return el("div", "bk-unsupported", `[unsupported block: ${b.type}]`);
  }
}

export function renderBlocks(blocks, ctx = {}) {
  const root = el("div", "bk-blocks");
  for (const b of blocks || []) root.appendChild(block(b, ctx));
  return root;
}
