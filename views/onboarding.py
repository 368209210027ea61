"""Onboarding: the welcome DM, the profile form (and reading it back), the profile summary."""

from __future__ import annotations

import json
from collections.abc import Mapping
from enum import StrEnum
from typing import Any, TypeVar

from core import numbers
from core.campaigns import Person
from core.messengers import SKILLS_NOTE_MAX, TIES_MAX, Choices, Profile
from models.vocab import (
    CONNECTION_KEYS,
    CONNECTION_LABELS,
    DEFAULT_FREQUENCY,
    FREQUENCY_LABELS,
    LEVEL_LABELS,
    METHOD_KEYS,
    METHOD_LABELS,
    N_,
    SKILL_KEYS,
    SKILL_LABELS,
    Connection,
    Frequency,
    Level,
    Method,
    Skill,
    flag_members,
)
from views.i18n import LANGUAGE_NAMES, _, language
from views.text import (
    button,
    clock_time,
    context,
    esc,
    hhmm,
    input_block,
    minutes_of,
    option,
    plain,
    section,
    state_value,
)

PROFILE_CALLBACK = "profile_form"
LANGUAGE_BLOCK = "language"  # the profile form's language choice
START_ACTION = "onboard_start"
DECLINE_ACTION = "onboard_decline"
EDIT_ACTION = "profile_edit"
DEFAULT_FREQUENCY_VALUE = "default"

Block = dict[str, Any]


def welcome_message() -> dict[str, Any]:
    text = _(
        "*Welcome to Drumbeat.* Our reentry coalition uses Drumbeat to ask supporters like you to help move "
        "decisions on reentry policy, practice and funding: a call, a letter, a visit, a post.\n"
        "It takes two minutes to say how much you'd like to do and how. You choose how often you may be asked, "
        "and you can pause or stop at any time (reply STOP)."
    )
    return {
        "text": _("Welcome to Drumbeat: tell us how you'd like to help."),
        "blocks": [
            section(text),
            {
                "type": "actions",
                "block_id": "welcome",
                "elements": [
                    button(_("Get started"), START_ACTION, "welcome", style="primary"),
                    button(_("Not now"), DECLINE_ACTION, "welcome"),
                ],
            },
        ],
    }


def declined_message() -> dict[str, Any]:
    text = _("No problem. We won't message you. If you change your mind, type `/drumbeat join` any time.")
    return {"text": text, "blocks": [section(text)]}


def _level_option(level: Level) -> dict[str, Any]:
    name, description = LEVEL_LABELS[level]
    return option(level.value, _(name), _(description))


def _method_option(method: Method) -> dict[str, Any]:
    name, description = METHOD_LABELS[method]
    return option(METHOD_KEYS[method], _(name), _(description))


def _skill_option(skill: Skill) -> dict[str, Any]:
    return option(SKILL_KEYS[skill], _(SKILL_LABELS[skill]))


def _connection_option(connection: Connection) -> dict[str, Any]:
    return option(CONNECTION_KEYS[connection], _(CONNECTION_LABELS[connection]))


def _frequency_options() -> list[dict[str, Any]]:
    suggested = option(
        DEFAULT_FREQUENCY_VALUE,
        _("Suggested for my level"),
        _("Weekly for Lead and Organize, twice a month otherwise"),
    )
    return [suggested] + [option(f.value, _(FREQUENCY_LABELS[f])) for f in Frequency]


MAX_OPTIONS = 100  # a static select holds 100 options
DISTRICT_SELECT = "district"  # the profile form's selects (their suggestions: handlers.onboarding)
KNOWS_SELECT = "knows"
NO_CHOICES = Choices()


def _district_block(p: Profile, found: Choices) -> list[Block]:
    if not found.districts:
        return []
    element: dict[str, Any] = {"placeholder": plain(_("Choose yours"))}
    if len(found.districts) <= MAX_OPTIONS:
        element |= {"type": "static_select", "options": [option(str(i), name) for i, name in found.districts]}
    else:  # more than a static select holds: searched as they type
        element |= {"type": "external_select", "min_query_length": 0}
    name = found.district_name(p.district_id)
    if name is not None:
        element["initial_option"] = option(str(p.district_id), name)
    hint = _("Optional. Decision makers listen hardest to their own constituents.")
    return [input_block(DISTRICT_SELECT, _("Your district or ward"), element, optional=True, hint=hint)]


def _knows_block(p: Profile, found: Choices) -> list[Block]:
    """Decision makers they know, searched as they type (there can be more than a static select holds)."""
    if not found.people:
        return []
    element: dict[str, Any] = {
        "type": "multi_external_select",
        "min_query_length": 0,
        "placeholder": plain(_("Type a name, or choose")),
    }
    known = [option(person.key, person.name, person.role) for person in found.people if person.key in p.knows]
    if known:
        element["initial_options"] = known
    hint = _("Only people you know personally. Asks to contact them may come to you first.")
    return [input_block(KNOWS_SELECT, _("Decision makers you know"), element, optional=True, hint=hint)]


def people_suggestions(people: list[Person], total: int) -> list[dict[str, Any]]:
    options = [option(person.key, person.name, person.role) for person in people]
    if total <= len(people):
        return options
    return [
        {
            "label": plain(_("{shown} of {total}: type to find the others", shown=len(people), total=total), 75),
            "options": options,
        }
    ]


def district_suggestions(districts: list[tuple[int, str]], total: int) -> list[dict[str, Any]]:
    options = [option(str(i), name) for i, name in districts]
    if total <= len(districts):
        return options
    return [
        {
            "label": plain(_("{shown} of {total}: type to find yours", shown=len(districts), total=total), 75),
            "options": options,
        }
    ]


def profile_modal(
    profile: Profile | None, *, tz: str | None, first_time: bool, joining: bool = False, found: Choices = NO_CHOICES
) -> dict[str, Any]:
    """The profile form, filled with `profile` when editing. `joining`: opened by the person's own
    `/drumbeat join`, the only form whose saving restarts messages after STOP. `found`: the coalition's
    districts and decision makers to pick from (their blocks are left out while there are none)."""
    p = profile or Profile()
    level: dict[str, Any] = {"type": "radio_buttons", "options": [_level_option(lv) for lv in Level]}
    if p.level is not None:
        level["initial_option"] = _level_option(p.level)
    methods: dict[str, Any] = {"type": "checkboxes", "options": [_method_option(m) for m in Method]}
    if p.methods:
        methods["initial_options"] = [_method_option(m) for m in flag_members(p.methods)]
    skills: dict[str, Any] = {
        "type": "multi_static_select",
        "placeholder": plain(_("Choose any")),
        "options": [_skill_option(s) for s in Skill],
    }
    if p.skills:
        skills["initial_options"] = [_skill_option(s) for s in flag_members(p.skills)]
    connections: dict[str, Any] = {"type": "checkboxes", "options": [_connection_option(c) for c in Connection]}
    if p.connections:
        connections["initial_options"] = [_connection_option(c) for c in flag_members(p.connections)]
    options = _frequency_options()
    chosen = DEFAULT_FREQUENCY_VALUE if p.frequency is None else p.frequency.value
    frequency = {
        "type": "static_select",
        "options": options,
        "initial_option": next(o for o in options if o["value"] == chosen),
    }
    credit_option = option("yes", _("You may name me in coalition reports"))
    credit: dict[str, Any] = {"type": "checkboxes", "options": [credit_option]}
    if p.credit_ok:
        credit["initial_options"] = [credit_option]
    note: dict[str, Any] = {"type": "plain_text_input", "max_length": SKILLS_NOTE_MAX}
    if p.skills_note:
        note["initial_value"] = p.skills_note
    ties: dict[str, Any] = {"type": "plain_text_input", "multiline": True, "max_length": TIES_MAX}
    if p.ties:
        ties["initial_value"] = p.ties
    blocks: list[Block] = [
        section(
            _("Tell the coalition how you'd like to help. Only organizers see this, and only to match asks to you.")
        ),
        input_block("level", _("How would you like to take part?"), level),
        input_block("methods", _("Which ways of helping suit you?"), methods),
        input_block("skills", _("Skills and experience you bring"), skills, optional=True),
        input_block(
            "skills_note",
            _("Languages you translate, or other skills"),
            note,
            optional=True,
            hint=_("Only if you chose Translation or Other."),
        ),
        input_block("connections", _("Community connections"), connections, optional=True),
        *_district_block(p, found),
        *_knows_block(p, found),
        input_block(
            "ties",
            _("Other relationships with decision makers"),
            ties,
            optional=True,
            hint=_('In your words, for organizers to read, e.g. "I know Councilmember Ortiz from church."'),
        ),
        input_block("frequency", _("How often may we ask you?"), frequency),
        input_block(
            "quiet_start",
            _("Quiet hours start"),
            {"type": "timepicker", "initial_time": hhmm(p.quiet_start)},
            hint=(
                _("No asks during quiet hours, in your time zone ({zone}).", zone=tz)
                if tz
                else _("No asks during quiet hours, in your time zone.")
            ),
        ),
        input_block("quiet_end", _("Quiet hours end"), {"type": "timepicker", "initial_time": hhmm(p.quiet_end)}),
        input_block("credit", _("Credit"), credit, optional=True, hint=_("By default reports say 'a messenger'.")),
        _language_block(),
    ]
    return {
        "type": "modal",
        "callback_id": PROFILE_CALLBACK,
        "private_metadata": json.dumps({"first": first_time, "joining": joining}),
        "title": plain(_("Your Drumbeat profile"), 24),
        "submit": plain(_("Save")),
        "close": plain(_("Cancel")),
        "blocks": blocks,
    }


def _language_block() -> Block:
    """The language Drumbeat writes to them in: the one they read now, each named in its own language."""
    options = [option(code, name) for code, name in LANGUAGE_NAMES.items()]
    chosen = next((o for o in options if o["value"] == language()), options[0])  # (a test language: the first)
    element = {"type": "radio_buttons", "options": options, "initial_option": chosen}
    return input_block(LANGUAGE_BLOCK, _("Language"), element, optional=True)


def chosen_language(values: Mapping[str, Any]) -> str | None:
    """The language picked in the profile form, if it is one Drumbeat speaks."""
    picked = (state_value(values, LANGUAGE_BLOCK).get("selected_option") or {}).get("value")
    return picked if picked in LANGUAGE_NAMES else None


def joining_form(private_metadata: str | None) -> bool:
    """Was this profile form opened by `/drumbeat join`?"""
    try:
        return json.loads(private_metadata or "{}").get("joining") is True
    except (ValueError, AttributeError):
        return False


STOPPED_TEXT = N_(  # translate where shown: _(STOPPED_TEXT)
    "You asked Drumbeat to stop messaging you, so nothing has changed. "
    "If you'd like to come back, type `/drumbeat join`."
)


def stopped_modal() -> dict[str, Any]:
    """What an old Edit or Get started button opens for someone who stopped: nothing changes."""
    return {
        "type": "modal",
        "title": plain("Drumbeat", 24),
        "close": plain(_("Close")),
        "blocks": [section(_(STOPPED_TEXT))],
    }


def _selected(values: Mapping[str, Any], block_id: str) -> list[str]:
    return [o["value"] for o in state_value(values, block_id).get("selected_options") or []]


def _flags(keys: dict[Any, str], chosen: list[str], empty: Any) -> Any:
    by_key = {v: k for k, v in keys.items()}
    result = empty
    for key in chosen:
        if key in by_key:
            result |= by_key[key]
    return result


E = TypeVar("E", bound=StrEnum)


def _member(cls: type[E], value: Any) -> E | None:
    return next((member for member in cls if member.value == value), None)


def read_profile_form(values: Mapping[str, Any]) -> Profile:
    """The submitted form's state, as a Profile. Unknown values are ignored (validation will say)."""
    level_value = (state_value(values, "level").get("selected_option") or {}).get("value")
    frequency_value = (state_value(values, "frequency").get("selected_option") or {}).get("value")
    start = minutes_of(state_value(values, "quiet_start").get("selected_time"))
    end = minutes_of(state_value(values, "quiet_end").get("selected_time"))
    return Profile(
        level=_member(Level, level_value),
        methods=_flags(METHOD_KEYS, _selected(values, "methods"), Method(0)),
        skills=_flags(SKILL_KEYS, _selected(values, "skills"), Skill(0)),
        skills_note=state_value(values, "skills_note").get("value") or "",
        connections=_flags(CONNECTION_KEYS, _selected(values, "connections"), Connection(0)),
        ties=state_value(values, "ties").get("value") or "",
        frequency=_member(Frequency, frequency_value),
        quiet_start=20 * 60 if start is None else start,
        quiet_end=9 * 60 if end is None else end,
        credit_ok="yes" in _selected(values, "credit"),
        district_id=_number((state_value(values, "district").get("selected_option") or {}).get("value")),
        knows=frozenset(_selected(values, "knows")),
    )


def _number(value: Any) -> int | None:
    text = str(value or "")
    return numbers.an_id(text)


def _names(members: list[Any], labels: dict[Any, Any]) -> str:
    names = [_(labels[m][0] if isinstance(labels[m], tuple) else labels[m]) for m in members]
    return ", ".join(names) if names else _("none")


def profile_lines(p: Profile, tz: str | None, found: Choices = NO_CHOICES) -> str:
    assert p.level is not None
    frequency = p.frequency or DEFAULT_FREQUENCY[p.level]
    skills = _names(flag_members(p.skills), SKILL_LABELS)
    if p.skills_note:
        skills += f" ({esc(p.skills_note)})"
    level, description = LEVEL_LABELS[p.level]
    lines = [
        _("*Taking part:* {level}: {description}", level=_(level), description=_(description).lower()),
        _("*Ways of helping:* {methods}", methods=_names(flag_members(p.methods), METHOD_LABELS)),
        _("*Skills:* {skills}", skills=skills),
        _("*Connections:* {connections}", connections=_names(flag_members(p.connections), CONNECTION_LABELS)),
    ]
    district = found.district_name(p.district_id)
    if district:
        lines.append(_("*District:* {district}", district=esc(district)))
    known = found.names_of(p.knows)
    if known:
        lines.append(_("*Decision makers you know:* {names}", names=esc(", ".join(known))))
    if p.ties:
        lines.append(_("*In your words:* {ties}", ties=esc(p.ties)))
    start, end = clock_time(p.quiet_start), clock_time(p.quiet_end)
    lines += [
        _("*How often:* {frequency}", frequency=_(FREQUENCY_LABELS[frequency])),
        _("*Quiet hours:* {start} to {end} ({zone})", start=start, end=end, zone=tz)
        if tz
        else _("*Quiet hours:* {start} to {end} (your time zone)", start=start, end=end),
        _("*Named in reports:* yes") if p.credit_ok else _("*Named in reports:* no, you appear as “a messenger”"),
    ]
    return "\n".join(lines)


def profile_summary(p: Profile, tz: str | None, *, first_time: bool, found: Choices = NO_CHOICES) -> dict[str, Any]:
    intro = _("*Thank you for joining!* Here is your profile.") if first_time else _("*Your profile is updated.*")
    return {
        "text": _("Your Drumbeat profile"),
        "blocks": [
            section(intro),
            section(profile_lines(p, tz, found)),
            {"type": "actions", "block_id": "profile", "elements": [button(_("Edit"), EDIT_ACTION, "summary")]},
            context(_("Pause with `/drumbeat pause 2w`, stop with STOP, delete your data with `/drumbeat delete-me`.")),
        ],
    }


def new_messenger_notice(p: Profile) -> dict[str, Any]:
    assert p.level is not None
    methods = ", ".join(METHOD_KEYS[m] for m in flag_members(p.methods))
    text = _(
        "New messenger: {level}; {methods}", level=_(LEVEL_LABELS[p.level][0]), methods=methods or _("no methods yet")
    )
    return {"text": text, "blocks": [section(text)]}
