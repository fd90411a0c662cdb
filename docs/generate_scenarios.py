"""Write docs/scenarios.md, the facilitators' page per scenario, from the scenario files.

Everything on the page comes from the bundled scenarios (narrative, guide steps, levers), so it
cannot drift from what the app shows; a test fails when the committed page is out of date.
Run: ``python docs/generate_scenarios.py`` (add ``--lang es`` for docs/scenarios.es.md).
"""

from __future__ import annotations

import argparse
from pathlib import Path

from simulator import bundled_names, load_scenario
from simulator.predictions import letter
from simulator.text import LANGUAGES, T

#: The page's own words, in English; other languages take theirs from the catalogues.
HEADINGS = {
    "title": T("Scenarios for facilitators"),
    "intro": T("One page per bundled scenario: what to show, in what order, what to say. "
               "Generated from the scenario files by `docs/generate_scenarios.py`; run "
               "`bias-loop describe NAME` for every parameter and metric."),
    "what": T("What it is"),
    "how": T("How it works"),
    "use": T("How to use it"),
    "notice": T("Things to notice"),
    "try": T("Things to try"),
    "references": T("References"),
    "guide": T("Guide steps (click “Next step” in the app, or `bias-loop run {id} --guide`)"),
    "round": T("round"),
    "asks": T("it asks the room first"),
    "levers": T("Levers (mitigations)"),
    "groups": T("Groups"),
    "kind": T("Kind"),
    "rounds": T("Rounds"),
    "headline": T("Headline"),
    "student": T("Student view (View › Student view): parameters {params}; charts {charts}"),
    "presets": T("Papers' settings (Scenario › Paper settings in the app, or "
                 "`bias-loop run {id} --preset ID --check`)"),
    "expect": T("expected"),
    "over": T("over {n} replications"),
}


def render(lang: str = "en") -> str:
    h = {key: text.get(lang) for key, text in HEADINGS.items()}
    out = [f"# {h['title']}", "", h["intro"], ""]
    for name in bundled_names():
        s = load_scenario(name)
        out += [f"## {s.title.get(lang)} (`{name}`)", "", f"*{s.summary.get(lang)}*", ""]
        groups = ", ".join(g.label.get(lang) for g in s.groups)
        out += [f"{h['kind']}: `{s.kind.name}` · {h['rounds']}: {s.rounds} "
                f"({s.round_unit.get(lang)}) · {h['groups']}: {groups}", ""]
        if s.headline is not None:
            out += [f"{h['headline']}: **{s.headline.label(s, lang)}** (`{s.headline}`)", ""]
        if s.student or s.headline_charts:
            out += [student_line(s, h, lang), ""]
        for section in ("what", "how", "use", "notice", "try"):
            if section in s.info:
                out += [f"### {h[section]}", "", s.info[section].get(lang), ""]
        out += [f"### {h['guide'].format(id=name)}", ""]
        for i, step in enumerate(s.guide, 1):
            change = ", ".join(f"`{k} = {v}`" for k, v in step.set.items())
            line = f"{i}. **{h['round']} {step.round}**: {step.caption.get(lang)}"
            out.append(line + (f" ({change})" if change else ""))
            if step.prediction is not None:
                choices = " · ".join(f"{letter(k)}. {c.text.get(lang)}"
                                     for k, c in enumerate(step.prediction.choices))
                out.append(f"   *{h['asks']}*: {step.prediction.ask.get(lang)} ({choices})")
        out += ["", f"### {h['levers']}", ""]
        for p in s.schema.by_stage().get("mitigation", []):
            out.append(f"- `{p.key}`: **{p.label.get(lang)}**. {p.help.get(lang)}")
        if s.presets:
            out += ["", f"### {h['presets'].format(id=name)}", ""]
            out += [preset_line(p, h, lang) for p in s.presets]
        if "references" in s.info:
            out += ["", f"### {h['references']}", "", s.info["references"].get(lang)]
        out.append("")
    return "\n".join(out)


def student_line(s, h: dict, lang: str) -> str:
    """What a beginner meets first: the student view's parameters and charts."""
    params = ", ".join(f"**{s.schema.get(k).label.get(lang)}**"
                       + (f" ({s.group_label(k.split('.')[1], lang)})"
                          if k.startswith("groups.") else "") + f" (`{k}`)"
                       for k in s.student_keys())
    titles = {p.id: p.title.get(lang) for p in s.plots()}
    charts = ", ".join(f"*{titles[pid]}*" for pid in s.headline_charts)
    return h["student"].format(params=params, charts=charts)


def preset_line(preset, h: dict, lang: str) -> str:
    """One preset: its id, title, paper, what it shows, and the results it is checked for."""
    expected = "; ".join(describe_expectation(e, lang) for e in preset.expect)
    over = h["over"].format(n=preset.replications or 1)
    return (f"- `{preset.id}`: **{preset.title.get(lang)}**. {preset.description.get(lang)} "
            f"*{preset.paper}.* {h['expect'].capitalize()} ({over}): {expected}.")


def describe_expectation(e, lang: str) -> str:
    return f"`{e.metric}` {e.statistic_text(lang)} {e.value:g} ± {e.tolerance:g}"


def target(lang: str) -> Path:
    return Path(__file__).with_name("scenarios.md" if lang == "en" else f"scenarios.{lang}.md")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--lang", choices=LANGUAGES, default=None,
                        help="one language (default: all)")
    args = parser.parse_args()
    for lang in [args.lang] if args.lang else LANGUAGES:
        target(lang).write_text(render(lang), encoding="utf-8")


if __name__ == "__main__":
    main()
